package io.bakery.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.http.PixelRateLimiter;
import io.bakery.gateway.http.PixelRateLimiter.Decision;
import io.bakery.schemas.config.RateLimitConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PixelRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String PROXY = "10.0.0.5";

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    private PixelRateLimiter limiter(final double perSecond, final int burst, final int trackedIps) {
        return new PixelRateLimiter(new RateLimitConfig(perSecond, burst, trackedIps, List.of(PROXY)), now::get);
    }

    private static int admitted(final PixelRateLimiter limiter, final String ip, final int hits) {
        int admitted = 0;
        for (int i = 0; i < hits; i++) {
            if (limiter.admit(ip, null).admitted()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void shouldAdmitABurstThenRefuseWhenNoTimePasses() {
        final PixelRateLimiter limiter = limiter(2, 5, 100);

        assertThat(admitted(limiter, "192.0.2.1", 8)).isEqualTo(5);
    }

    @Test
    void shouldAnswerRetryAfterInWholeSecondsWhenRefused() {
        final PixelRateLimiter limiter = limiter(0.25, 1, 100);
        limiter.admit("192.0.2.1", null);

        final Decision refused = limiter.admit("192.0.2.1", null);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(4);
    }

    @Test
    void shouldAdmitAgainAtTheConfiguredRateWhenTimePasses() {
        final PixelRateLimiter limiter = limiter(10, 10, 100);
        admitted(limiter, "192.0.2.1", 10);

        now.addAndGet(SECOND / 2);

        assertThat(admitted(limiter, "192.0.2.1", 10)).isEqualTo(5);
    }

    @Test
    void shouldNotRefillBeyondTheBurstWhenAnAddressIsQuietForLong() {
        final PixelRateLimiter limiter = limiter(10, 3, 100);
        admitted(limiter, "192.0.2.1", 3);

        now.addAndGet(3600 * SECOND);

        assertThat(admitted(limiter, "192.0.2.1", 10)).isEqualTo(3);
    }

    @Test
    void shouldKeepOneBucketPerAddressWhenSeveralAddressesSend() {
        final PixelRateLimiter limiter = limiter(1, 2, 100);
        admitted(limiter, "192.0.2.1", 5);

        assertThat(admitted(limiter, "192.0.2.2", 5)).isEqualTo(2);
    }

    @Test
    void shouldRememberAtMostTheConfiguredNumberOfAddressesWhenManySend() {
        final PixelRateLimiter limiter = limiter(1, 1, 1_000);

        for (int i = 0; i < 50_000; i++) {
            limiter.admit("198.51." + (i / 256) + "." + (i % 256), null);
        }

        assertThat(limiter.trackedIps()).isLessThanOrEqualTo(1_000).isGreaterThan(500);
    }

    @Test
    void shouldLimitTheForwardedAddressWhenTheRequestComesFromATrustedProxy() {
        final PixelRateLimiter limiter = limiter(1, 1, 100);
        assertThat(limiter.admit(PROXY, "203.0.113.7").admitted()).isTrue();

        assertThat(limiter.admit(PROXY, "203.0.113.7").admitted()).isFalse();
        assertThat(limiter.admit(PROXY, "203.0.113.8").admitted()).isTrue();
    }

    @Test
    void shouldTakeOnlyTheLastHopWhenTheForwardedHeaderHasSeveral() {
        final PixelRateLimiter limiter = limiter(1, 1, 100);
        limiter.admit(PROXY, "203.0.113.7");

        // The sender wrote a fresh first hop; the proxy's own last hop is still the same address.
        assertThat(limiter.admit(PROXY, "198.18.0.99, 203.0.113.7").admitted()).isFalse();
    }

    @Test
    void shouldIgnoreTheForwardedHeaderWhenTheSenderIsNotATrustedProxy() {
        final PixelRateLimiter limiter = limiter(1, 1, 100);
        limiter.admit("192.0.2.1", "203.0.113.7");

        assertThat(limiter.admit("192.0.2.1", "203.0.113.8").admitted()).isFalse();
    }

    @Test
    void shouldCountTheProxyWhenItsForwardedHeaderIsNotAnAddress() {
        final PixelRateLimiter limiter = limiter(1, 1, 100);
        limiter.admit(PROXY, "not an address");

        assertThat(limiter.admit(PROXY, "still not one").admitted()).isFalse();
    }
}
