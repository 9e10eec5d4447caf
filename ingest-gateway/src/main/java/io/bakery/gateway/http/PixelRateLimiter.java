package io.bakery.gateway.http;

import io.bakery.schemas.config.RateLimitConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The per-IP rate limit of the pixel endpoints (sync, identity, opt-out): a token bucket per client IP
 * ({@link ClientIp}); a hit without a token is answered 429 with {@code Retry-After} and never reaches the handler,
 * so nothing of it is stored.
 */
public final class PixelRateLimiter {

    /** The routes the limit guards. */
    public static final List<String> LIMITED_PATHS = List.of(SyncPixelController.PATH, IdentityPixelController.PATH,
            OptOutController.PATH);

    /**
     * What the limit said about a hit.
     *
     * @param admitted whether the hit may go on
     * @param retryAfterSeconds when refused, the whole seconds until the address has a token again
     */
    public record Decision(boolean admitted, long retryAfterSeconds) {}

    private final TokenBuckets buckets;
    private final ClientIp clientIp;

    public PixelRateLimiter(final RateLimitConfig config) {
        this(config, System::nanoTime);
    }

    /** A limiter reading time from {@code nanoTime} (tests step it by hand). */
    public PixelRateLimiter(final RateLimitConfig config, final LongSupplier nanoTime) {
        this.buckets = new TokenBuckets(config.perSecond(), config.burst(), config.trackedIps(), nanoTime);
        this.clientIp = new ClientIp(new HashSet<>(config.trustedProxies()));
    }

    /** Guards the pixel routes on {@code config}. */
    public void register(final JavalinConfig config) {
        for (final String path : LIMITED_PATHS) {
            config.routes.before(path, this::guard);
        }
    }

    void guard(final Context ctx) {
        final Decision decision = admit(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        if (!decision.admitted()) {
            ctx.header("Retry-After", Long.toString(decision.retryAfterSeconds()));
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).contentType("text/plain; charset=utf-8")
                    .result("too many requests from this address");
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether a hit from this peer (and forwarded-for header) may go on, and if not when it may retry. */
    public Decision admit(final String remoteAddress, final String forwardedFor) {
        return buckets.take(clientIp.of(remoteAddress, forwardedFor));
    }

    /** How many IPs are remembered now (bounded by the configured {@code trackedIps}). */
    public int trackedIps() {
        return buckets.size();
    }
}
