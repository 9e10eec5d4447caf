package io.bakery.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.schemas.Topics;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DurablePublisherIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    Path spoolDir;

    @Test
    void shouldRunTheAnswerOffTheProducersNetworkThreadWhenKafkaAcknowledges() throws Exception {
        KAFKA.createTopics(List.of(Topics.SYNC_EVENTS));
        try (DiskSpool spool = new DiskSpool(spoolDir);
             DurablePublisher publisher = new DurablePublisher(KAFKA.bootstrapServers(), spool, new GatewayMetrics())) {
            final OutgoingEvent event = new OutgoingEvent(Topics.SYNC_EVENTS.name(),
                    "key".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8));
            // The very first send finds no topic metadata yet and is spooled; once the spool is replayed the
            // producer knows the topic and the next send goes straight to Kafka.
            publisher.publish(List.of(event)).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() == 0);

            // The continuation stands for the request's answer: it runs on the thread that completes the send.
            final String answeredOn = publisher.publish(List.of(event))
                    .thenApply(acknowledged -> Thread.currentThread().getName())
                    .get(30, TimeUnit.SECONDS);

            assertThat(publisher.spoolDepth()).isZero();
            assertThat(answeredOn).startsWith("bakery-ack").doesNotContain("kafka-producer-network-thread");
        }
    }
}
