package io.bakery.launcher;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/**
 * The wall clock of a Kafka Streams instance, moved forward on request: the daily windows close on wall-clock
 * punctuation, so a test moves its topology past the clients' midnight instead of waiting for it. Only the
 * wall-clock reading moves; elapsed-time measurements (nanoseconds) stay real.
 */
final class ShiftedClock implements Time {

    private final AtomicLong shiftMs = new AtomicLong();

    void advance(final Duration by) {
        shiftMs.addAndGet(by.toMillis());
    }

    @Override
    public long milliseconds() {
        return System.currentTimeMillis() + shiftMs.get();
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }

    @Override
    public void sleep(final long ms) {
        Time.SYSTEM.sleep(ms);
    }

    @Override
    public void waitObject(final Object obj, final Supplier<Boolean> condition, final long deadlineMs)
            throws InterruptedException {
        Time.SYSTEM.waitObject(obj, condition, deadlineMs - shiftMs.get());
    }
}
