package io.bakery.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.TopicSpec.CleanupPolicy;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameEveryTopicOnceUnderBakeryPrefix() {
        assertThat(Topics.ALL).extracting(TopicSpec::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("bakery."));
    }

    @Test
    void shouldKeepCompactedTopicsForeverAndExpireOthers() {
        for (final TopicSpec<?, ?> topic : Topics.ALL) {
            if (topic.cleanupPolicy() == CleanupPolicy.COMPACT) {
                assertThat(topic.retention()).as(topic.name()).isNull();
                assertThat(topic.topicConfig(2)).containsEntry("retention.ms", "-1");
            } else {
                assertThat(topic.retention()).as(topic.name()).isPositive();
            }
        }
    }

    @Test
    void shouldCarryMinInsyncReplicasWhenCreatingTopics() {
        assertThat(Topics.MATCHES.topicConfig(2))
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(java.time.Duration.ofDays(7).toMillis()));
    }
}
