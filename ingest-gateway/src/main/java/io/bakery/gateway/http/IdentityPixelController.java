package io.bakery.gateway.http;

import io.bakery.gateway.consent.ConsentSignals;
import io.bakery.gateway.consent.ConsentVerdict;
import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.identity.IdentityLinks;
import io.bakery.gateway.identity.IdentityRequest;
import io.bakery.gateway.kafka.OutgoingEvent;
import io.bakery.gateway.metrics.HitOutcome;
import io.bakery.gateway.optout.OptOutCookie;
import io.bakery.schemas.avro.HashedIdentifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity pixel, {@code GET /bakery/id}, fired by publisher pages of the company's own network for
 * logged-in visitors: links the browser's Bakery id to the hashed identifiers sent, one identity-link event per
 * identifier. Same opt-out and consent rules as the sync pixel. Without a valid Bakery id there is nothing to
 * link: a new id is set for the next visit and nothing is stored.
 */
public final class IdentityPixelController {

    public static final String PATH = "/bakery/id";
    /** The {@code endpoint} tag of this controller's metrics. */
    public static final String ENDPOINT = "identity";
    private static final String NETWORK = "network";

    private final PixelContext pixel;

    public IdentityPixelController(final PixelContext pixel) {
        this.pixel = pixel;
    }

    public void get(final PixelExchange exchange) {
        final List<HashedIdentifier> identifiers;
        final ConsentSignals signals;
        final boolean blank = "b".equals(exchange.queryParam("f"));
        try {
            identifiers = IdentityRequest.parse(exchange::queryParam);
            signals = ConsentSignals.read(exchange::queryParam, exchange.header(ConsentSignals.GPC_HEADER));
        } catch (final InvalidParameterException e) {
            pixel.metrics().invalid(ENDPOINT, e.field(), e.code());
            hit(HitOutcome.INVALID);
            PixelResponses.refuse(exchange, e);
            return;
        }
        if (OptOutCookie.optedOut(exchange.cookie(OptOutCookie.NAME))) {
            hit(HitOutcome.OPTED_OUT);
            PixelResponses.pixel(exchange, blank);
            return;
        }
        final ConsentVerdict verdict = pixel.consent().decide(signals);
        if (!verdict.allowsStoring()) {
            pixel.metrics().consentBlocked(ENDPOINT, verdict.block().orElseThrow().tag());
            hit(HitOutcome.BLOCKED_CONSENT);
            PixelResponses.pixel(exchange, blank);
            return;
        }
        final Optional<String> bakeryId = pixel.bakeryIds().verify(exchange.cookie(BakeryIdCookie.NAME));
        if (bakeryId.isEmpty()) {
            exchange.setHeader("Set-Cookie", pixel.bakeryIds().setCookie(pixel.bakeryIds().newBakeryId()));
            hit(HitOutcome.NO_COOKIE);
            PixelResponses.pixel(exchange, blank);
            return;
        }
        final Instant now = pixel.clock().instant();
        final List<OutgoingEvent> links = new ArrayList<>(identifiers.size());
        for (final HashedIdentifier identifier : identifiers) {
            links.add(IdentityLinks.of(bakeryId.get(), identifier, now));
        }
        exchange.whenDone(pixel.sink().publish(links), error -> {
            if (error != null) {
                PixelResponses.unavailable(exchange);
                return;
            }
            exchange.setHeader("Set-Cookie", pixel.bakeryIds().setCookie(bakeryId.get()));
            hit(HitOutcome.STORED);
            PixelResponses.pixel(exchange, blank);
        });
    }

    private void hit(final HitOutcome outcome) {
        pixel.metrics().hit(ENDPOINT, NETWORK, NETWORK, outcome);
    }
}
