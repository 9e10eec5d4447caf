package io.bakery.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic as a contract: its name, the serdes of its keys and values, and how it is created.
 *
 * @param retention how long records are kept; {@code null} means forever (compacted topics)
 */
public record TopicSpec<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention,
        String description) {

    /** How Kafka discards old records of a topic. */
    public enum CleanupPolicy {
        DELETE("delete"),
        COMPACT("compact");

        private final String configValue;

        CleanupPolicy(final String configValue) {
            this.configValue = configValue;
        }

        /** The value of the topic's {@code cleanup.policy} setting. */
        public String configValue() {
            return configValue;
        }
    }

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1 for " + name);
        }
    }

    /** The topic-level settings to create this topic with. */
    public Map<String, String> topicConfig(final int minInsyncReplicas) {
        return Map.of(
                "cleanup.policy", cleanupPolicy.configValue(),
                "retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()),
                "min.insync.replicas", Integer.toString(minInsyncReplicas));
    }
}
