package io.bakery.gateway.pull;

import io.bakery.schemas.config.PullSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each client's pull on its schedule, on one thread per gateway: polls never overlap, so one gateway never
 * reads a file twice at once, and a large file delays the next client's poll instead of competing with it.
 * Interval schedules first run right after start (once the upload reports are loaded, without which committed
 * files could not be recognized); the next run is planned when a poll ends.
 */
public final class PullScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PullScheduler.class);
    private static final Duration NOT_READY_RETRY = Duration.ofSeconds(1);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "crm-pull");
        thread.setDaemon(true);
        return thread;
    });
    private final BooleanSupplier ready;
    private final Clock clock;

    public PullScheduler(final List<PullJob> jobs, final BooleanSupplier ready, final Clock clock) {
        this.ready = ready;
        this.clock = clock;
        for (final PullJob job : jobs) {
            schedule(job, firstDelay(job.client().pull().parsedSchedule(), job.client().zone(), clock));
            LOG.info("pull for client {} scheduled: {}", job.client().id(),
                    job.client().pull().schedule() == null ? "every 10m" : job.client().pull().schedule());
        }
    }

    private void schedule(final PullJob job, final Duration delay) {
        if (!executor.isShutdown()) {
            executor.schedule(() -> run(job), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void run(final PullJob job) {
        if (!ready.getAsBoolean()) {
            schedule(job, NOT_READY_RETRY);
            return;
        }
        try {
            job.poll();
        } catch (final RuntimeException e) {
            LOG.error("pull for client {} failed; next run as scheduled", job.client().id(), e);
        }
        schedule(job, nextDelay(job.client().pull().parsedSchedule(), job.client().zone(), clock));
    }

    /**
     * How long from now until a job's first poll: none for an interval schedule, else until the schedule's next
     * time in the client's zone (so the delay is real elapsed time, 23 hours across a spring-forward night).
     */
    static Duration firstDelay(final PullSchedule schedule, final ZoneId zone, final Clock clock) {
        if (schedule.kind() == PullSchedule.Kind.INTERVAL) {
            return Duration.ZERO;
        }
        return nextDelay(schedule, zone, clock);
    }

    /** How long from now (a poll just ended) until the next poll of a job with {@code schedule}. */
    static Duration nextDelay(final PullSchedule schedule, final ZoneId zone, final Clock clock) {
        final ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        return Duration.between(now, schedule.nextAfter(now));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
