package io.bakery.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The answers every pixel endpoint gives: the 1x1 GIF, an empty 204, a redirect, a refusal; none is cached. */
public final class PixelResponses {

    /** A transparent 1x1 GIF, 43 bytes: the smallest image every browser renders. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
    static final String TEXT = "text/plain; charset=utf-8";
    static final String IMAGE = "image/gif";
    /** Headers that keep browsers and proxies from caching a pixel answer: every hit must reach us. */
    static final Map<String, String> NO_CACHE = Map.of("Cache-Control", "no-cache, no-store, must-revalidate",
            "Pragma", "no-cache", "Expires", "0");
    private static final byte[] UNAVAILABLE = "the event could not be stored; retry later"
            .getBytes(StandardCharsets.UTF_8);

    private PixelResponses() {}

    /** Sets the {@link #NO_CACHE} headers. */
    public static void noCache(final PixelExchange exchange) {
        NO_CACHE.forEach(exchange::setHeader);
    }

    /** The pixel: the GIF for {@code f=i}, an empty 204 for {@code f=b}. */
    public static void pixel(final PixelExchange exchange, final boolean blank) {
        noCache(exchange);
        if (blank) {
            exchange.answer(204, null, null);
        } else {
            exchange.answer(200, IMAGE, GIF);
        }
    }

    /** A 302 to {@code location}. */
    public static void redirect(final PixelExchange exchange, final String location) {
        noCache(exchange);
        exchange.setHeader("Location", location);
        exchange.answer(302, null, null);
    }

    /** A 400 naming the refused parameter and why. */
    public static void refuse(final PixelExchange exchange, final InvalidParameterException e) {
        noCache(exchange);
        exchange.answer(400, TEXT, e.getMessage().getBytes(StandardCharsets.UTF_8));
    }

    /** A 503 when the event could be made durable neither in Kafka nor in the spool. */
    public static void unavailable(final PixelExchange exchange) {
        noCache(exchange);
        exchange.answer(503, TEXT, UNAVAILABLE);
    }
}
