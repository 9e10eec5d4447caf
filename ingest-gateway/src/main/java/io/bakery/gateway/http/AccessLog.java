package io.bakery.gateway.http;

import io.bakery.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every answered request leaves behind, whoever served it (Javalin, {@link PixelHandler} or the
 * {@link PixelServer}): the latency of the pixel endpoints in {@link GatewayMetrics#request}, and a DEBUG access
 * line. Both hold the path without its query string, so no cookie id or Bakery id ever reaches them.
 */
final class AccessLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("io.bakery.gateway.access");
    private static final Set<String> TIMED_ROUTES = Set.of(SyncPixelController.PATH, IdentityPixelController.PATH,
            OptOutController.PATH);

    private final GatewayMetrics metrics;

    AccessLog(final GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Records one answer: {@code path} as sent, without the query string. */
    void answered(final String method, final String path, final int status, final long nanos) {
        if (TIMED_ROUTES.contains(path)) {
            metrics.request(path, status, Duration.ofNanos(nanos));
        }
        if (ACCESS.isDebugEnabled()) {
            ACCESS.debug("{} {} {} {}ms", method, path, status, Math.round(nanos / 1_000_000d));
        }
    }
}
