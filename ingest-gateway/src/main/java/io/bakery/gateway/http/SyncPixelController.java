package io.bakery.gateway.http;

import io.bakery.gateway.consent.ConsentSignals;
import io.bakery.gateway.consent.ConsentVerdict;
import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.kafka.OutgoingEvent;
import io.bakery.gateway.metrics.HitOutcome;
import io.bakery.gateway.optout.OptOutCookie;
import io.bakery.gateway.sync.CallbackUrl;
import io.bakery.gateway.sync.SyncEvents;
import io.bakery.gateway.sync.SyncRequest;
import java.util.List;
import java.util.Optional;

/**
 * The DMP sync pixel, {@code GET /bakery/sync/dmpsyncendpoint}: pairs the DMP cookie id a client's pixel sends
 * with the browser's Bakery id and publishes the pair as a sync event.
 *
 * <p>Order of checks: parameters (400), opt-out cookie, consent, then our cookie. A browser without our cookie
 * is bounced once (302 to the same URL with a marker, cookie set); only if the cookie comes back is the pair
 * stored, so browsers that block third-party cookies do not fill the match tables with one-shot ids. The answer
 * is sent only when the event is durable (Kafka or the spool).
 */
public final class SyncPixelController {

    public static final String PATH = "/bakery/sync/dmpsyncendpoint";
    /** The {@code endpoint} tag of this controller's metrics. */
    public static final String ENDPOINT = "sync";
    private static final String UNKNOWN = "unknown";

    private final PixelContext pixel;

    public SyncPixelController(final PixelContext pixel) {
        this.pixel = pixel;
    }

    /** A sync hit. */
    public void get(final PixelExchange exchange) {
        final SyncRequest request;
        final ConsentSignals signals;
        try {
            request = SyncRequest.parse(exchange::queryParam, pixel.config());
            signals = ConsentSignals.read(exchange::queryParam, exchange.header(ConsentSignals.GPC_HEADER));
        } catch (final InvalidParameterException e) {
            refuse(exchange, e);
            return;
        }
        final String client = request.client().id();
        if (OptOutCookie.optedOut(exchange.cookie(OptOutCookie.NAME))) {
            answer(exchange, request, HitOutcome.OPTED_OUT);
            return;
        }
        final ConsentVerdict verdict = pixel.consent().decide(signals);
        if (!verdict.allowsStoring()) {
            pixel.metrics().consentBlocked(ENDPOINT, verdict.block().orElseThrow().tag());
            answer(exchange, request, HitOutcome.BLOCKED_CONSENT);
            return;
        }
        Optional<String> bakeryId = pixel.bakeryIds().verify(exchange.cookie(BakeryIdCookie.NAME));
        if (bakeryId.isEmpty() && request.client().cookieBounce()) {
            if (request.bounced()) {
                pixel.metrics().noThirdPartyCookie(client);
                answer(exchange, request, HitOutcome.NO_THIRD_PARTY_COOKIE);
            } else {
                exchange.setHeader("Set-Cookie", pixel.bakeryIds().setCookie(pixel.bakeryIds().newBakeryId()));
                pixel.metrics().hit(ENDPOINT, client, request.partner(), HitOutcome.BOUNCED);
                PixelResponses.redirect(exchange, exchange.path() + "?" + exchange.queryString() + "&"
                        + SyncRequest.BOUNCE_MARKER + "=1");
            }
            return;
        }
        if (bakeryId.isEmpty()) {
            bakeryId = Optional.of(pixel.bakeryIds().newBakeryId());
        }
        if (!request.strictCookieId()) {
            pixel.metrics().lenientCookieId(client);
        }
        store(exchange, request, bakeryId.get(), verdict);
    }

    /** HEAD: the same parameter checks and headers as a hit, but nothing is stored and no cookie is set. */
    public void head(final PixelExchange exchange) {
        try {
            final SyncRequest request = SyncRequest.parse(exchange::queryParam, pixel.config());
            ConsentSignals.read(exchange::queryParam, exchange.header(ConsentSignals.GPC_HEADER));
            PixelResponses.pixel(exchange, request.blank());
        } catch (final InvalidParameterException e) {
            PixelResponses.refuse(exchange, e);
        }
    }

    private void store(final PixelExchange exchange, final SyncRequest request, final String bakeryId,
            final ConsentVerdict verdict) {
        final OutgoingEvent event = SyncEvents.of(request, bakeryId, verdict.snapshot(), pixel.clock().instant());
        exchange.whenDone(pixel.sink().publish(List.of(event)), error -> {
            if (error != null) {
                PixelResponses.unavailable(exchange);
                return;
            }
            exchange.setHeader("Set-Cookie", pixel.bakeryIds().setCookie(bakeryId));
            pixel.metrics().hit(ENDPOINT, request.client().id(), request.partner(), HitOutcome.STORED);
            final Optional<String> callback = request.read()
                    ? CallbackUrl.forClient(request.client(), bakeryId) : Optional.empty();
            if (callback.isPresent()) {
                PixelResponses.redirect(exchange, callback.get());
            } else {
                PixelResponses.pixel(exchange, request.blank());
            }
        });
    }

    private void answer(final PixelExchange exchange, final SyncRequest request, final HitOutcome outcome) {
        pixel.metrics().hit(ENDPOINT, request.client().id(), request.partner(), outcome);
        PixelResponses.pixel(exchange, request.blank());
    }

    private void refuse(final PixelExchange exchange, final InvalidParameterException e) {
        // Tags only ever hold configured names, never what the caller typed.
        final String partner = exchange.queryParam("partner");
        final Optional<String> client = partner == null ? Optional.empty()
                : pixel.config().clientForPartner(partner).map(c -> c.id());
        pixel.metrics().invalid(ENDPOINT, e.field(), e.code());
        pixel.metrics().hit(ENDPOINT, client.orElse(UNKNOWN), client.isPresent() ? partner : UNKNOWN,
                HitOutcome.INVALID);
        PixelResponses.refuse(exchange, e);
    }
}
