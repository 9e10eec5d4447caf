package io.bakery.gateway.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the answers Kafka acknowledged on threads of its own, taking them over a burst at a time.
 *
 * <p>Completing an answer writes its HTTP response, which must not happen on the producer's network thread (it
 * would send nothing meanwhile). The producer settles a whole produce response's sends in one loop, and handing
 * each one to a thread pool on its own cost a queue lock and, often, a thread wake-up per pixel hit (5.5 % of the
 * gateway's samples in the 2026-12-05 pixel profile). Here an acknowledgement is queued without a lock on one of a
 * few lanes, and only the one that finds its lane idle starts that lane's drain: the drain completes everything
 * queued on the lane meanwhile, so a burst costs one hand-over per lane.
 *
 * <p>Lanes: writing the answers took about a third of the gateway's CPU in the pixel profile, so one lane per three
 * cores keeps the answering from becoming the bottleneck on a larger machine (one lane on 2 cores). Consecutive
 * acknowledgements go to the same lane in runs of {@value #RUN}, so a burst stays mostly on one lane.
 */
final class AcknowledgementRelay implements AutoCloseable {

    /** Lanes for this machine: one per three cores, at least one. */
    static final int LANES = Math.max(1, (Runtime.getRuntime().availableProcessors() + 2) / 3);
    private static final int RUN = 16;

    private final Lane[] lanes;
    private final AtomicInteger acknowledgements = new AtomicInteger();

    /** A relay of {@code lanes} lanes, each with one thread from {@code threads}. */
    AcknowledgementRelay(final ThreadFactory threads, final int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a relay needs at least one lane, not " + lanes);
        }
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(threads);
        }
    }

    /** Completes {@code answer} soon, on a relay thread; on the caller's once the relay is closed. */
    void acknowledge(final CompletableFuture<Void> answer) {
        final int lane = lanes.length == 1 ? 0
                : Math.floorMod(acknowledgements.getAndIncrement() / RUN, lanes.length);
        lanes[lane].acknowledge(answer);
    }

    /** Completes what is queued and stops the threads; later acknowledgements complete on their caller's thread. */
    @Override
    public void close() {
        for (final Lane lane : lanes) {
            lane.thread.shutdown();
        }
        for (final Lane lane : lanes) {
            try {
                lane.thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One queue, drained by one thread. */
    private static final class Lane {

        private final ConcurrentLinkedQueue<CompletableFuture<Void>> ready = new ConcurrentLinkedQueue<>();
        /** True from the moment a drain is handed to the thread until it finds the queue empty. */
        private final AtomicBoolean draining = new AtomicBoolean();
        private final ExecutorService thread;

        Lane(final ThreadFactory threads) {
            this.thread = Executors.newSingleThreadExecutor(threads);
        }

        void acknowledge(final CompletableFuture<Void> answer) {
            ready.add(answer);
            if (draining.compareAndSet(false, true)) {
                try {
                    thread.execute(this::drain);
                } catch (final RejectedExecutionException e) {
                    // Closing: the last callbacks complete where they run.
                    drain();
                }
            }
        }

        private void drain() {
            do {
                CompletableFuture<Void> answer;
                while ((answer = ready.poll()) != null) {
                    // A continuation that throws fails its own dependent future, never this loop.
                    answer.complete(null);
                }
                draining.set(false);
                // An acknowledgement queued after the last poll but before the flag dropped found the lane busy
                // and started no drain: take it over here unless a new drain has started meanwhile.
            } while (!ready.isEmpty() && draining.compareAndSet(false, true));
        }
    }
}
