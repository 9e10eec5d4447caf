package io.bakery.gateway.http;

import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.optout.OptOutErasures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The opt-out, {@code GET /bakery/optout}: sets the opt-out cookie, deletes our id cookie, and emits an erasure
 * of that Bakery id so the topology removes every trace of it. The answer waits until the erasure is durable.
 */
public final class OptOutController {

    public static final String PATH = "/bakery/optout";
    private static final byte[] CONFIRMATION = ("You have opted out: this browser's Bakery id is erased and no "
            + "further visits will be recorded.\n").getBytes(StandardCharsets.UTF_8);

    private final PixelContext pixel;

    public OptOutController(final PixelContext pixel) {
        this.pixel = pixel;
    }

    public void get(final PixelExchange exchange) {
        final Optional<String> bakeryId = pixel.bakeryIds().verify(exchange.cookie(BakeryIdCookie.NAME));
        exchange.setHeader("Set-Cookie", pixel.optOut().setCookie());
        exchange.addHeader("Set-Cookie", pixel.bakeryIds().expireCookie());
        if (bakeryId.isEmpty()) {
            pixel.metrics().optOut(false);
            confirm(exchange);
            return;
        }
        exchange.whenDone(pixel.sink().publish(List.of(OptOutErasures.of(bakeryId.get(), pixel.clock().instant()))),
                error -> {
                    if (error != null) {
                        PixelResponses.unavailable(exchange);
                        return;
                    }
                    pixel.metrics().optOut(true);
                    confirm(exchange);
                });
    }

    private static void confirm(final PixelExchange exchange) {
        PixelResponses.noCache(exchange);
        exchange.answer(200, PixelResponses.TEXT, CONFIRMATION);
    }
}
