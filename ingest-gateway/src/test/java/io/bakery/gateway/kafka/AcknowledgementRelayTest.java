package io.bakery.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcknowledgementRelayTest {

    private static final ThreadFactory RELAY_THREAD = runnable -> new Thread(runnable, "relay");

    /** Names each thread it makes relay-1, relay-2, ... */
    private static ThreadFactory numberedRelayThreads() {
        final AtomicInteger made = new AtomicInteger();
        return runnable -> new Thread(runnable, "relay-" + made.incrementAndGet());
    }

    @Test
    void shouldCompleteEveryAnswerOnTheRelaysLanesWhenManyThreadsAcknowledgeAtOnce() throws Exception {
        final int threads = 4;
        final int perThread = 20_000;
        final Set<String> completedOn = ConcurrentHashMap.newKeySet();
        final List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            final CompletableFuture<Void> answer = new CompletableFuture<>();
            answer.thenRun(() -> completedOn.add(Thread.currentThread().getName()));
            answers.add(answer);
        }
        try (AcknowledgementRelay relay = new AcknowledgementRelay(numberedRelayThreads(), 3)) {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final List<CompletableFuture<Void>> share = answers.subList(t * perThread, (t + 1) * perThread);
                final Thread caller = new Thread(() -> {
                    awaitQuietly(start);
                    share.forEach(relay::acknowledge);
                });
                caller.start();
                callers.add(caller);
            }
            start.countDown();
            for (final Thread caller : callers) {
                caller.join();
            }

            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }

        assertThat(completedOn).containsExactlyInAnyOrder("relay-1", "relay-2", "relay-3");
    }

    @Test
    void shouldGoOnCompletingWhenAnAnswersContinuationThrows() throws Exception {
        try (AcknowledgementRelay relay = new AcknowledgementRelay(RELAY_THREAD, 1)) {
            final CompletableFuture<Void> failing = new CompletableFuture<>();
            final CompletableFuture<Void> failed = failing.thenRun(() -> {
                throw new IllegalStateException("the answer could not be written");
            });
            final CompletableFuture<Void> next = new CompletableFuture<>();

            relay.acknowledge(failing);
            relay.acknowledge(next);

            next.get(10, TimeUnit.SECONDS);
            assertThat(failed).isCompletedExceptionally();
        }
    }

    @Test
    void shouldCompleteOnTheCallersThreadOnceClosed() {
        final AcknowledgementRelay relay = new AcknowledgementRelay(RELAY_THREAD, 2);
        relay.close();
        final CompletableFuture<Void> answer = new CompletableFuture<>();
        final List<String> completedOn = new ArrayList<>();
        answer.thenRun(() -> completedOn.add(Thread.currentThread().getName()));

        relay.acknowledge(answer);

        assertThat(answer).isCompleted();
        assertThat(completedOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void shouldRefuseARelayWithoutLanes() {
        assertThatThrownBy(() -> new AcknowledgementRelay(RELAY_THREAD, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one lane");
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
