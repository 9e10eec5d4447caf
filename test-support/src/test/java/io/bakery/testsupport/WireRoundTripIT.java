package io.bakery.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.RandomRecords;
import io.bakery.schemas.TopicSpec;
import io.bakery.schemas.Topics;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every topic's key and value types travel through a real broker with the project's serdes and come back equal. */
@Timeout(120)
class WireRoundTripIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    private final RandomRecords randomRecords = new RandomRecords(42L);

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(Topics.ALL);
    }

    @Test
    void shouldReadBackEveryRecordTypeWhenProducedThroughTheBroker() {
        for (final TopicSpec<?, ?> topic : Topics.ALL) {
            assertRoundTrip(topic);
        }
    }

    private <K, V> void assertRoundTrip(final TopicSpec<K, V> topic) {
        final List<Map.Entry<K, V>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(new SimpleImmutableEntry<>(random(topic.keySerde(), i), random(topic.valueSerde(), i)));
        }

        KAFKA.client().produce(topic, sent);
        final List<ConsumerRecord<K, V>> received = KAFKA.client().readAll(topic);

        assertThat(received).as(topic.name())
                .extracting(r -> (Map.Entry<K, V>) new SimpleImmutableEntry<>(r.key(), r.value()))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @SuppressWarnings("unchecked")
    private <T> T random(final org.apache.kafka.common.serialization.Serde<T> serde, final int i) {
        if (serde instanceof io.bakery.schemas.AvroSerde<?> avro) {
            return (T) randomRecords.next((Class<? extends SpecificRecord>) avro.type());
        }
        // The plain string keys (client ids).
        return (T) ("client-" + i);
    }
}
