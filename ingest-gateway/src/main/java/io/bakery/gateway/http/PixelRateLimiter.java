package io.bakery.gateway.http;

import io.bakery.schemas.config.RateLimitConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The per-IP rate limit of the pixel endpoints (sync, identity, opt-out): a token bucket per client IP
 * ({@link ClientIp}); a hit without a token is answered 429 with {@code Retry-After} and never reaches a controller,
 * so nothing of it is stored. Applied by {@link PixelHandler} ahead of everything else on those paths.
 */
public final class PixelRateLimiter {

    /** The routes the limit guards, whatever the method. */
    public static final List<String> LIMITED_PATHS = List.of(SyncPixelController.PATH, IdentityPixelController.PATH,
            OptOutController.PATH);
    private static final byte[] TOO_MANY = "too many requests from this address".getBytes(StandardCharsets.UTF_8);

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

    /** Answers a refused hit: 429 with {@code Retry-After}, and nothing of it stored. */
    static void refuse(final PixelExchange exchange, final Decision decision) {
        exchange.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        exchange.answer(429, PixelResponses.TEXT, TOO_MANY);
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
