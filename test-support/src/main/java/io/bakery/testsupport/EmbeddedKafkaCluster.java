package io.bakery.testsupport;

import io.bakery.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft cluster inside the test JVM, for {@code *IT} classes:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();
 * }</pre>
 *
 * <p>Started once per test class and closed after it. Nothing is created automatically: tests create the topics
 * they use with {@link #createTopics}, as the dev stack does. This class is the only place outside the launcher
 * where Kafka's internal test kit appears.
 */
public final class EmbeddedKafkaCluster implements BeforeAllCallback, AfterAllCallback {

    private final int nodes;
    private final Map<String, String> brokerConfig;
    private KafkaClusterTestKit cluster;

    private EmbeddedKafkaCluster(final int nodes, final Map<String, String> brokerConfig) {
        this.nodes = nodes;
        this.brokerConfig = Map.copyOf(brokerConfig);
    }

    /** One combined broker and controller: fast, for most ITs. */
    public static EmbeddedKafkaCluster singleNode() {
        return withNodes(1);
    }

    /** {@code nodes} combined broker-controller nodes; internal topics are replicated to all of them (max 3). */
    public static EmbeddedKafkaCluster withNodes(final int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        final String replication = Integer.toString(Math.min(nodes, 3));
        final String minIsr = Integer.toString(Math.max(1, Math.min(nodes, 3) - 1));
        final Map<String, String> config = new HashMap<>();
        config.put("offsets.topic.replication.factor", replication);
        config.put("offsets.topic.num.partitions", "6");
        config.put("transaction.state.log.replication.factor", replication);
        config.put("transaction.state.log.min.isr", minIsr);
        config.put("transaction.state.log.num.partitions", "6");
        config.put("share.coordinator.state.topic.replication.factor", replication);
        config.put("share.coordinator.state.topic.min.isr", minIsr);
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        return new EmbeddedKafkaCluster(nodes, config);
    }

    /** The same cluster with one more broker setting. */
    public EmbeddedKafkaCluster withBrokerConfig(final String key, final String value) {
        final Map<String, String> config = new HashMap<>(brokerConfig);
        config.put(key, value);
        return new EmbeddedKafkaCluster(nodes, config);
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(final ExtensionContext context) throws Exception {
        stop();
    }

    /** Formats and starts the nodes and waits until every broker is ready. */
    public void start() throws Exception {
        // One controller, co-located with the first broker: with several combined controllers, Kafka 4.3.1's
        // followers send UpdateVoter at start-up, the test kit's leader answers INVALID_REQUEST and the
        // followers' raft threads stop on it, leaving a cluster that cannot create topics. Replication needs
        // brokers, not controllers.
        final TestKitNodes testKitNodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(nodes)
                .setNumControllerNodes(1)
                .build();
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(testKitNodes);
        brokerConfig.forEach(builder::setConfigProp);
        cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    /** Shuts every node down and deletes its data. */
    public void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /**
     * Stops every broker while the controllers keep running, as in a broker outage. Data and listening ports are
     * kept, so {@link #startBrokers()} brings the same cluster back at the same bootstrap address.
     */
    public void stopBrokers() {
        requireRunning();
        cluster.brokers().values().forEach(kafka.server.BrokerServer::shutdown);
    }

    /** Starts the brokers stopped by {@link #stopBrokers()} again and waits until they are ready. */
    public void startBrokers() throws Exception {
        requireRunning();
        cluster.brokers().values().forEach(kafka.server.BrokerServer::startup);
        cluster.waitForReadyBrokers();
    }

    /**
     * Stops one broker, as in the loss of one machine. With {@code controlled.shutdown.enable=false} in the broker
     * config it leaves without handing its partitions over: clients find it gone and the controller moves
     * leadership only once its session expires, as after a crash. {@link #startBroker(int)} brings it back.
     */
    public void stopBroker(final int brokerId) {
        requireRunning();
        broker(brokerId).shutdown();
    }

    /** Starts a broker stopped by {@link #stopBroker(int)} again, with its data, and waits until it is ready. */
    public void startBroker(final int brokerId) throws Exception {
        requireRunning();
        broker(brokerId).startup();
        cluster.waitForReadyBrokers();
    }

    private kafka.server.BrokerServer broker(final int brokerId) {
        final kafka.server.BrokerServer broker = cluster.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("no broker " + brokerId + "; brokers: " + cluster.brokers().keySet());
        }
        return broker;
    }

    private void requireRunning() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster is not running");
        }
    }

    /** The bootstrap servers of the running cluster. */
    public String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster is not running");
        }
        return cluster.bootstrapServers();
    }

    /** How many broker nodes the cluster has. */
    public int nodeCount() {
        return nodes;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Creates the given topics as their specs say, replicated to every node (at most 3). */
    public void createTopics(final Collection<? extends TopicSpec<?, ?>> specs) {
        final short replication = (short) Math.min(nodes, 3);
        final int minIsr = Math.max(1, replication - 1);
        final List<NewTopic> topics = new ArrayList<>();
        for (final TopicSpec<?, ?> spec : specs) {
            topics.add(new NewTopic(spec.name(), spec.partitions(), replication).configs(spec.topicConfig(minIsr)));
        }
        createAll(topics);
    }

    /** Creates one plain topic, e.g. for a test's own input. */
    public void createTopic(final String name, final int partitions) {
        createAll(List.of(new NewTopic(name, partitions, (short) Math.min(nodes, 3))));
    }

    private void createAll(final List<NewTopic> topics) {
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + topics, e.getCause());
        } catch (final Exception e) {
            throw new IllegalStateException("cannot create topics " + topics, e);
        }
    }

    /** A client for producing and reading records of this cluster's topics in tests. */
    public KafkaTestClient client() {
        return new KafkaTestClient(bootstrapServers(), Duration.ofSeconds(60));
    }
}
