package io.bakery.launcher;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady stream of sync-pixel hits next to a world's day, so that a fault lands while hits flow: each sender is
 * one browser (Bakery cookie from its first, bounced hit) syncing a fresh DMP cookie id per hit. Its Bakery id is
 * never linked to an identifier, so the hits add pairs but no match: the world's reference rows stay as they are.
 * Every hit has its own site tag; the ones answered 200 go to {@link AcceptedRequests}. Nothing is retried.
 */
public final class PixelLoad implements AutoCloseable {

    /** How long a sender waits after a failed request: a refused connection fails at once, a loop would spin. */
    private static final long PAUSE_AFTER_FAILURE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final GatewayClient gateways;
    private final AcceptedRequests accepted;
    private final String partner;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Thread> senders = new ArrayList<>();

    private PixelLoad(final GatewayClient gateways, final AcceptedRequests accepted, final String partner) {
        this.gateways = gateways;
        this.accepted = accepted;
        this.partner = partner;
    }

    /** Starts {@code senders} browsers hitting the sync pixel of {@code partner} (a 32-hex-digit cookie DMP). */
    public static PixelLoad start(final GatewayClient gateways, final AcceptedRequests accepted, final String partner,
            final int senders) {
        final PixelLoad load = new PixelLoad(gateways, accepted, partner);
        for (int i = 0; i < senders; i++) {
            final Thread sender = new Thread(load::send, "pixel-load-" + i);
            sender.setDaemon(true);
            load.senders.add(sender);
            sender.start();
        }
        return load;
    }

    private void send() {
        String cookie = null;
        while (sending.get()) {
            final String site = accepted.nextSiteTag();
            final String cookieId = UUID.randomUUID().toString().replace("-", "");
            try {
                final HttpResponse<String> response = gateways.get(gateways.gateway(requests.getAndIncrement())
                        + GatewayClient.syncPixel(site, partner, cookieId), cookie);
                if (response.statusCode() == 302 && cookie == null) {
                    // The bounce is a request of its own; its tag is the one in its Location.
                    cookie = GatewayClient.cookieOf(response);
                    final HttpResponse<String> bounced = gateways.get(gateways.gateway(requests.getAndIncrement())
                            + response.headers().firstValue("Location").orElseThrow(), cookie);
                    if (bounced.statusCode() == 200) {
                        accepted.pixelAccepted(site);
                    }
                } else if (response.statusCode() == 200) {
                    accepted.pixelAccepted(site);
                } else {
                    LockSupport.parkNanos(PAUSE_AFTER_FAILURE_NANOS);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (final Exception e) {
                // No answer: not accepted; the next hit is a new request.
                LockSupport.parkNanos(PAUSE_AFTER_FAILURE_NANOS);
            }
        }
    }

    /** Stops the senders after their current request. */
    @Override
    public void close() throws InterruptedException {
        sending.set(false);
        for (final Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
