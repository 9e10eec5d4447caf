package io.bakery.topology.daily;

import io.bakery.schemas.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * How the daily windows close.
 *
 * @param grace how long after a client's midnight a day stays open for events that arrive late
 * @param closeCheckInterval how often (wall clock) each task looks for days that are due to close
 * @param taskCount how many tasks produce every client-day: the partitions of {@code bakery.matches}; the
 *     exporter waits for an end marker from each
 */
public record DailyWindowSettings(Duration grace, Duration closeCheckInterval, int taskCount) {

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_CLOSE_CHECK_INTERVAL = Duration.ofSeconds(30);

    public DailyWindowSettings {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(closeCheckInterval, "closeCheckInterval");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        if (closeCheckInterval.toMillis() < 1) {
            throw new IllegalArgumentException("closeCheckInterval must be at least 1 ms, was " + closeCheckInterval);
        }
        if (taskCount < 1) {
            throw new IllegalArgumentException("taskCount must be at least 1, was " + taskCount);
        }
    }

    /** The defaults: 15 minutes' grace, checked every 30 seconds, one task per partition of the matches topic. */
    public static DailyWindowSettings defaults() {
        return new DailyWindowSettings(DEFAULT_GRACE, DEFAULT_CLOSE_CHECK_INTERVAL, Topics.MATCHES.partitions());
    }

    /** The same settings with another grace period. */
    public DailyWindowSettings withGrace(final Duration newGrace) {
        return new DailyWindowSettings(newGrace, closeCheckInterval, taskCount);
    }
}
