package io.bakery.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.exporter.ExporterApp;
import io.bakery.exporter.ExporterSettings;
import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.launcher.AcceptedRequests;
import io.bakery.launcher.DeploymentOutcome;
import io.bakery.launcher.GatewayClient;
import io.bakery.launcher.SmallWorld;
import io.bakery.launcher.SmallWorld.Row;
import io.bakery.launcher.TopicProvisioner;
import io.bakery.launcher.WorldConfig;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.topology.TopologyApp;
import io.bakery.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A deployment of the small world for the fault tests, on a cluster of three brokers: Bakery's topics with
 * replication 3 and min.insync.replicas 2 (as the topics job creates them for docker/compose.yaml), gateways,
 * topology instances and an exporter in this JVM (the tests start the ones they kill in child JVMs), closed newest
 * first. After a fault, {@link #assertDayAsReference} checks what every fault test promises.
 */
final class FaultDeployment implements AutoCloseable {

    static final int REPLICATION = 3;
    static final int MIN_INSYNC_REPLICAS = 2;
    /** The world every fault test sends: small, so that each test takes seconds, not minutes. */
    static final long SEED = 20_261_123L;

    private final String bootstrapServers;
    private final Path dataDir;
    private final BakeryConfig config;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final List<String> gatewayUrls = new CopyOnWriteArrayList<>();
    private final GatewayClient gateways = new GatewayClient(gatewayUrls);

    FaultDeployment(final String bootstrapServers, final Path dataDir, final BakeryConfig config) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.config = config;
        new TopicProvisioner(bootstrapServers, REPLICATION, MIN_INSYNC_REPLICAS).createMissing();
    }

    /** The world the fault tests send. */
    static SmallWorld world() {
        return SmallWorld.generate(SEED, WorldConfig.CLIENTS, 30, 40, 20);
    }

    /**
     * Settings of every topology instance of the fault tests: internal topics as durable as Bakery's own, and a
     * dead member noticed (and its open transaction aborted) after seconds instead of the default 45 s.
     */
    static Map<String, Object> topologyOverrides() {
        final Map<String, Object> overrides = new HashMap<>();
        overrides.put(StreamsConfig.topicPrefix("min.insync.replicas"), Integer.toString(MIN_INSYNC_REPLICAS));
        overrides.put("consumer.session.timeout.ms", 6000);
        overrides.put("consumer.heartbeat.interval.ms", 1000);
        overrides.put("producer.transaction.timeout.ms", 10_000);
        return overrides;
    }

    /** A topology instance's settings, its state below {@code stateDir}. */
    static TopologySettings topologySettings(final String bootstrapServers, final Path stateDir,
            final BakeryConfig config) {
        return new TopologySettings(TopologySettings.DEFAULT_APPLICATION_ID, bootstrapServers, stateDir, 1, 0,
                REPLICATION, config);
    }

    void startGateway(final String name) {
        final GatewayApp gateway = GatewayApp.start(new GatewaySettings("127.0.0.1", 0, bootstrapServers,
                dataDir.resolve(name), config));
        running.push(gateway);
        gatewayUrls.add("http://127.0.0.1:" + gateway.port());
    }

    TopologyApp startTopology(final String name) {
        final TopologyApp topology = TopologyApp.start(topologySettings(bootstrapServers, dataDir.resolve(name),
                config), topologyOverrides());
        running.push(topology);
        return topology;
    }

    void startExporter() {
        running.push(ExporterApp.start(new ExporterSettings(ExporterSettings.DEFAULT_GROUP_ID, bootstrapServers,
                exportsDir(), config)));
    }

    /** Where an exporter of this JVM delivers (clients without an export destination). */
    Path exportsDir() {
        return dataDir.resolve("exports");
    }

    GatewayClient gateways() {
        return gateways;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * What every fault test promises once the fault is over: every accepted request's event is stored exactly
     * once, the matches equal the reference and no pair was announced twice; then, after the operator closes the
     * day, the delta files under {@code deliveredTo} hold exactly the reference rows, once each, and the ledger
     * says each client-day was delivered once.
     */
    static void assertDayAsReference(final DeploymentOutcome outcome, final SmallWorld world,
            final AcceptedRequests accepted, final BakeryConfig config, final Path deliveredTo) {
        assertMatchedAsReference(outcome, world, accepted);
        outcome.closeEachClientsDay(config);
        assertDeliveredAsReference(outcome, world, deliveredTo);
    }

    /**
     * Every accepted request's event is stored exactly once, the matches equal the reference, no pair was
     * announced twice, and the topology is idle (so the day can be closed).
     */
    static void assertMatchedAsReference(final DeploymentOutcome outcome, final SmallWorld world,
            final AcceptedRequests accepted) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(outcome.currentMatches()).isEqualTo(world.expectedRows()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(outcome::topologyCaughtUp);
        // The test's output keeps what was stored, copies included, for RELIABILITY.md and for the next look.
        System.out.println(outcome.assertEveryAcceptedEventStoredOnce(accepted));
        assertThat(outcome.pairsAddedTwice()).as("pairs announced ADDED twice").isEmpty();
    }

    /**
     * Once the day is closed: the delta files under {@code deliveredTo} hold exactly the reference rows, once
     * each, no temporary file is left, and the ledger says each client-day was delivered once.
     */
    static void assertDeliveredAsReference(final DeploymentOutcome outcome, final SmallWorld world,
            final Path deliveredTo) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(outcome.deliveredRows(deliveredTo)).isEqualTo(world.expectedRows()));
        final Map<String, List<Row>> rows = assertThatCall(() -> outcome.deliveredRowLists(deliveredTo));
        rows.forEach((client, list) -> assertThat(list).as("rows of %s's files", client).doesNotHaveDuplicates());
        final Set<String> clients = world.expectedRows().keySet();
        assertThat(assertThatCall(() -> hiddenFiles(deliveredTo, clients))).as("temporary files left").isEmpty();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(outcome.deliveredLedgerEntries()).containsOnlyKeys(clients).allSatisfy((client, days) ->
                        assertThat(days.values()).as("ledger entries of %s", client).containsOnly(1L)));
    }

    /** Waits until {@code more} pixel requests more than now were accepted: "mid-stream" is a count, not a time. */
    static void awaitMoreAnswers(final AcceptedRequests accepted, final int more) {
        final int target = accepted.pixelsAccepted() + more;
        await().atMost(Duration.ofSeconds(90)).until(() -> accepted.pixelsAccepted() >= target);
    }

    /** The hidden files (temporary names of files being published) in the clients' folders below a root. */
    static List<Path> hiddenFiles(final Path root, final Set<String> clients) throws IOException {
        final List<Path> hidden = new ArrayList<>();
        for (final String client : clients) {
            if (Files.isDirectory(root.resolve(client))) {
                try (Stream<Path> files = Files.walk(root.resolve(client))) {
                    files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("."))
                            .forEach(hidden::add);
                }
            }
        }
        return hidden;
    }

    /** A check's input that may throw, rethrown unchecked. */
    private static <T> T assertThatCall(final java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (final Exception e) {
                // keep stopping the rest
            }
        }
    }
}
