package io.bakery.gateway.http;

import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.optout.OptOutErasures;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;

/**
 * The opt-out, {@code GET /bakery/optout}: sets the opt-out cookie, deletes our id cookie, and emits an erasure
 * of that Bakery id so the topology removes every trace of it. The answer waits until the erasure is durable.
 */
public final class OptOutController {

    public static final String PATH = "/bakery/optout";
    private static final String CONFIRMATION = "You have opted out: this browser's Bakery id is erased and no "
            + "further visits will be recorded.\n";

    private final PixelContext pixel;

    public OptOutController(final PixelContext pixel) {
        this.pixel = pixel;
    }

    public void get(final Context ctx) {
        final Optional<String> bakeryId = pixel.bakeryIds().verify(ctx.cookie(BakeryIdCookie.NAME));
        ctx.header("Set-Cookie", pixel.optOut().setCookie());
        ctx.addHeader("Set-Cookie", pixel.bakeryIds().expireCookie());
        if (bakeryId.isEmpty()) {
            pixel.metrics().optOut(false);
            confirm(ctx);
            return;
        }
        ctx.future(() -> pixel.sink().publish(List.of(OptOutErasures.of(bakeryId.get(), pixel.clock().instant())))
                .handle((ok, error) -> {
                    if (error != null) {
                        PixelResponses.unavailable(ctx);
                        return null;
                    }
                    pixel.metrics().optOut(true);
                    confirm(ctx);
                    return null;
                }));
    }

    private static void confirm(final Context ctx) {
        PixelResponses.noCache(ctx);
        ctx.status(HttpStatus.OK).contentType("text/plain; charset=utf-8").result(CONFIRMATION);
    }
}
