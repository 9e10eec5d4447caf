package io.bakery.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Base64;

/** The answers every pixel endpoint gives: the 1x1 GIF, an empty 204, a redirect, a refusal; none is cached. */
public final class PixelResponses {

    /** A transparent 1x1 GIF, 43 bytes: the smallest image every browser renders. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private PixelResponses() {}

    /**
     * What every pixel answer gets: headers that keep browsers and proxies from caching it (every hit must reach
     * us), and no compression (nothing a pixel endpoint answers is worth it, and skipping Javalin's check saves
     * work on every hit).
     */
    public static void noCache(final Context ctx) {
        ctx.disableCompression();
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.header("Pragma", "no-cache");
        ctx.header("Expires", "0");
    }

    /** The pixel: the GIF for {@code f=i}, an empty 204 for {@code f=b}. */
    public static void pixel(final Context ctx, final boolean blank) {
        noCache(ctx);
        if (blank) {
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            ctx.status(HttpStatus.OK).contentType("image/gif").result(GIF);
        }
    }

    /** A 302 to {@code location}. */
    public static void redirect(final Context ctx, final String location) {
        noCache(ctx);
        ctx.header("Location", location).status(HttpStatus.FOUND);
    }

    /** A 400 naming the refused parameter and why. */
    public static void refuse(final Context ctx, final InvalidParameterException e) {
        noCache(ctx);
        ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8").result(e.getMessage());
    }

    /** A 503 when the event could be made durable neither in Kafka nor in the spool. */
    public static void unavailable(final Context ctx) {
        noCache(ctx);
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE).contentType("text/plain; charset=utf-8")
                .result("the event could not be stored; retry later");
    }
}
