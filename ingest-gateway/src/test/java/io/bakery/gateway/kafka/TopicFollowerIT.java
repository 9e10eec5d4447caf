package io.bakery.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway's in-memory views keep following their topics whatever the topics and records look like. */
@Timeout(120)
class TopicFollowerIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    private final List<String> handled = new CopyOnWriteArrayList<>();

    @Test
    void shouldFollowATopicCreatedAfterTheFollowerStarted() {
        try (TopicFollower follower = new TopicFollower(KAFKA.bootstrapServers(), "test-late-topic",
                List.of("late-topic"), record -> handled.add(text(record.value())))) {
            // Before the fix the follower assigned no partitions, its first poll threw and it stopped for good.
            KAFKA.createTopic("late-topic", 2);
            send("late-topic", "a", "b", "c");

            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 3);
            assertThat(handled).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void shouldSkipARecordTheHandlerCannotTakeAndHandTheRestOn() {
        KAFKA.createTopic("poison-topic", 1);
        send("poison-topic", "first", "poison", "last");
        try (TopicFollower follower = new TopicFollower(KAFKA.bootstrapServers(), "test-poison",
                List.of("poison-topic"), record -> {
                    final String value = text(record.value());
                    if (value.equals("poison")) {
                        throw new IllegalArgumentException("not a record this view understands");
                    }
                    handled.add(value);
                })) {
            await().atMost(Duration.ofSeconds(60)).until(follower::caughtUp);
            assertThat(handled).containsExactly("first", "last");
        }
    }

    private static void send(final String topic, final String... values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (final String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value));
            }
            producer.flush();
        }
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
