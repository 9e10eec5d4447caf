package io.bakery.launcher;

import io.bakery.schemas.TopicSpec;
import io.bakery.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic of {@link Topics#ALL} that does not exist yet, as its spec says. Existing topics are left
 * alone: changing partitions or settings of a live topic is an operator's decision, not a start-up side effect.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final String bootstrapServers;
    private final short replicationFactor;
    private final int minInsyncReplicas;

    public TopicProvisioner(final String bootstrapServers, final int replicationFactor, final int minInsyncReplicas) {
        if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("need 1 <= min.insync.replicas (" + minInsyncReplicas
                    + ") <= replication factor (" + replicationFactor + ")");
        }
        this.bootstrapServers = bootstrapServers;
        this.replicationFactor = (short) replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** Creates the missing topics and returns their names. */
    public List<String> createMissing() throws InterruptedException {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            final Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            final List<NewTopic> missing = new ArrayList<>();
            for (final TopicSpec<?, ?> spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                            .configs(spec.topicConfig(minInsyncReplicas)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            final List<String> created = missing.stream().map(NewTopic::name).toList();
            LOG.info("topics: {} created, {} already present", created.size(), Topics.ALL.size() - created.size());
            return created;
        } catch (final ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create Bakery's topics on " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
    }
}
