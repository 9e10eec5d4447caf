package io.bakery.exporter.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Retries a delivery step with exponential backoff: a partner's server being briefly down must not cost a day.
 *
 * @param attempts how many times a step is tried in all
 * @param initialBackoff the wait after the first failure; doubled after each further one
 * @param maxBackoff the longest wait between attempts
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    /** One step that may fail with an I/O error. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException;
    }

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** Five attempts, one second, then doubling up to a minute. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /** Runs {@code step} until it succeeds or every attempt failed; then the last failure is thrown. */
    public <T> T call(final Step<T> step) throws IOException {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (final IOException e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to retry", e);
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }
}
