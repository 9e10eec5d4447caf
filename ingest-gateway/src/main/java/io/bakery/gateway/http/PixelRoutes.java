package io.bakery.gateway.http;

import io.bakery.gateway.metrics.GatewayMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cookie-sync routes in one place: sync pixel, identity pixel, opt-out, robots.txt, metrics, plus the access
 * log and the latency timer. The access log holds the path without its query string, so no cookie id or Bakery id
 * ever reaches it.
 */
public final class PixelRoutes {

    private static final Logger ACCESS = LoggerFactory.getLogger("io.bakery.gateway.access");
    static final String ROBOTS_PATH = "/robots.txt";
    private static final Set<String> TIMED_ROUTES = Set.of(SyncPixelController.PATH, IdentityPixelController.PATH,
            OptOutController.PATH);

    private PixelRoutes() {}

    /** Declares the routes on {@code config}; events go where {@code pixel} says. */
    public static void register(final JavalinConfig config, final PixelContext pixel) {
        final SyncPixelController sync = new SyncPixelController(pixel);
        final IdentityPixelController identity = new IdentityPixelController(pixel);
        final OptOutController optOut = new OptOutController(pixel);
        final MetricsController metrics = new MetricsController(pixel.metrics());
        config.routes.get(SyncPixelController.PATH, sync::get);
        config.routes.head(SyncPixelController.PATH, sync::head);
        config.routes.get(IdentityPixelController.PATH, identity::get);
        config.routes.get(OptOutController.PATH, optOut::get);
        config.routes.get(ROBOTS_PATH, PixelRoutes::robots);
        config.routes.get(MetricsController.PATH, metrics::get);
        config.requestLogger.http((ctx, millis) -> log(pixel.metrics(), ctx, millis));
    }

    /** Crawlers have no business with pixels. */
    private static void robots(final Context ctx) {
        ctx.contentType("text/plain; charset=utf-8").result("User-agent: *\nDisallow: /\n");
    }

    private static void log(final GatewayMetrics metrics, final Context ctx, final Float millis) {
        final String path = ctx.path();
        if (TIMED_ROUTES.contains(path)) {
            metrics.request(path, ctx.statusCode(), Duration.ofNanos((long) (millis * 1_000_000d)));
        }
        if (ACCESS.isDebugEnabled()) {
            ACCESS.debug("{} {} {} {}ms", ctx.method(), path, ctx.statusCode(), Math.round(millis));
        }
    }
}
