package io.bakery.gateway.http;

import io.javalin.config.JavalinConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cookie-sync routes in one place: sync pixel (GET and HEAD), identity pixel, opt-out and robots.txt, served by
 * the {@link PixelHandler} ahead of Javalin (and by the dedicated {@link PixelServer} when one is started with the
 * returned router), and /metrics as a Javalin route; plus the {@link AccessLog} of every request they answer.
 */
public final class PixelRoutes {

    static final String ROBOTS_PATH = "/robots.txt";
    private static final byte[] ROBOTS = "User-agent: *\nDisallow: /\n".getBytes(StandardCharsets.UTF_8);

    private PixelRoutes() {}

    /**
     * Declares the routes on {@code config}; events go where {@code pixel} says, and the pixel paths are limited
     * per IP when {@code pixel}'s configuration has a rate limit.
     *
     * @return the pixel endpoints, for a {@link PixelServer} to serve them too
     */
    public static PixelRouter register(final JavalinConfig config, final PixelContext pixel) {
        final SyncPixelController sync = new SyncPixelController(pixel);
        final IdentityPixelController identity = new IdentityPixelController(pixel);
        final OptOutController optOut = new OptOutController(pixel);
        final Map<String, Consumer<PixelExchange>> gets = Map.of(
                SyncPixelController.PATH, sync::get,
                IdentityPixelController.PATH, identity::get,
                OptOutController.PATH, optOut::get,
                ROBOTS_PATH, PixelRoutes::robots);
        final Map<String, Consumer<PixelExchange>> heads = Map.of(SyncPixelController.PATH, sync::head);
        final AccessLog accessLog = new AccessLog(pixel.metrics());
        final PixelRouter router = new PixelRouter(gets, heads,
                pixel.config().pixelRateLimit().map(PixelRateLimiter::new), accessLog);
        config.jetty.modifyServer(new PixelHandler(router)::installIn);
        config.routes.get(MetricsController.PATH, new MetricsController(pixel.metrics())::get);
        config.requestLogger.http((ctx, millis) -> accessLog.answered(ctx.method().name(), ctx.path(),
                ctx.statusCode(), (long) (millis * 1_000_000d)));
        return router;
    }

    /** Crawlers have no business with pixels. */
    private static void robots(final PixelExchange exchange) {
        exchange.answer(200, PixelResponses.TEXT, ROBOTS);
    }
}
