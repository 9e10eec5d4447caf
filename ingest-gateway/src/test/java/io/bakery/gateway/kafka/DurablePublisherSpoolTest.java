package io.bakery.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.metrics.GatewayMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the spool holds events, new ones join it behind them: written by the spool writer, off the caller's thread
 * (on the pixel listener the caller is an event loop serving many connections), in the order they were published.
 * No broker: the cluster address is unreachable, so nothing leaves the spool.
 */
class DurablePublisherSpoolTest {

    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    private static OutgoingEvent event(final String value) {
        return new OutgoingEvent("bakery.sync-events", "key".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswerAPublishBehindASpoolWithoutWritingTheSpoolOnTheCallersThread() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir)) {
            spool.append(List.of(event("left by an outage")));
            try (DurablePublisher publisher = new DurablePublisher(NO_BROKER, spool, new GatewayMetrics())) {

                final CompletableFuture<Void> answer = publisher.publish(List.of(event("e1")));
                // A future completed before publish returned runs this on the caller: what the inline spool write
                // did. Completed later, it runs on the thread that completes it.
                final CompletableFuture<Thread> answeredOn = answer.thenApply(ignored -> Thread.currentThread());

                assertThat(answeredOn.get(10, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
                assertThat(spool.depth()).isEqualTo(2);
            }
        }
    }

    @Test
    void shouldSpoolEventsPublishedBehindASpoolInTheOrderTheyWerePublished() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir)) {
            spool.append(List.of(event("e0")));
            try (DurablePublisher publisher = new DurablePublisher(NO_BROKER, spool, new GatewayMetrics())) {
                final List<CompletableFuture<Void>> answers = new ArrayList<>();
                for (int i = 1; i <= 200; i++) {
                    answers.add(publisher.publish(List.of(event("e" + i))));
                }

                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

                final List<String> spooled = spool.oldest(1000).stream()
                        .map(s -> new String(s.event().value(), StandardCharsets.UTF_8)).toList();
                final List<String> published = new ArrayList<>();
                for (int i = 0; i <= 200; i++) {
                    published.add("e" + i);
                }
                assertThat(spooled).containsExactlyElementsOf(published);
            }
        }
    }
}
