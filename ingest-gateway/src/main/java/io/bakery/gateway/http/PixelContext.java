package io.bakery.gateway.http;

import io.bakery.gateway.consent.ConsentPolicy;
import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.kafka.EventSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.gateway.optout.OptOutCookie;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.CookieConfig;
import java.time.Clock;

/**
 * What the pixel controllers share: configuration, the cookie codecs, the consent policy, where events go, the
 * metrics and the clock.
 */
public record PixelContext(
        BakeryConfig config,
        BakeryIdCookie bakeryIds,
        OptOutCookie optOut,
        ConsentPolicy consent,
        EventSink sink,
        GatewayMetrics metrics,
        Clock clock) {

    /** The usual wiring: cookie codecs and consent policy from {@code config}. */
    public static PixelContext of(
            final BakeryConfig config, final EventSink sink, final GatewayMetrics metrics, final Clock clock) {
        return of(config, config.cookie(), sink, metrics, clock);
    }

    /** The wiring with cookie settings that differ from the file's (e.g. a per-run signing key). */
    public static PixelContext of(final BakeryConfig config, final CookieConfig cookie, final EventSink sink,
            final GatewayMetrics metrics, final Clock clock) {
        return new PixelContext(config, new BakeryIdCookie(cookie), new OptOutCookie(cookie.domain()),
                new ConsentPolicy(config.consent()), sink, metrics, clock);
    }
}
