package io.bakery.gateway.security;

import io.bakery.schemas.Topics;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The log end offset of every partition of every Bakery topic: a write of any kind (a record, an aborted
 * transaction's records, a transaction marker) moves it, so two equal snapshots prove nothing was written.
 */
final class TopicEndOffsets {

    private TopicEndOffsets() {}

    static Map<TopicPartition, Long> of(final EmbeddedKafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            final Map<String, TopicDescription> topics = admin
                    .describeTopics(Topics.ALL.stream().map(t -> t.name()).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            topics.values().forEach(topic -> topic.partitions().forEach(p ->
                    request.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            final Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        }
    }
}
