package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.exporter.ExporterApp;
import io.bakery.exporter.ExporterSettings;
import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.launcher.status.StatusEndpoint;
import io.bakery.schemas.TopicSpec;
import io.bakery.schemas.Topics;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.bakery.topology.TopologyApp;
import io.bakery.topology.TopologySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of docker/compose.yaml, in one JVM: three KRaft brokers, Bakery's topics created by the topics job's
 * code with the compose file's replication and min.insync.replicas, as many gateways, topology instances (with
 * the compose file's standby replicas) and exporters as it runs. A small day of traffic goes in as real HTTP
 * requests (pixel hits with the cookie bounce, alternating between gateways as a balancer would; CRM uploads;
 * identity-graph intake), the operator closes each client's day ({@code bakery close-day}), and the delivered
 * delta files must hold exactly the rows a plain-Java reference derives from the inputs.
 */
@Timeout(300)
class MultiNodeDeploymentIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.withNodes(3);

    @TempDir
    static Path dataDir;

    private static final BakeryConfig CONFIG_MODEL = WorldConfig.model();
    private static final Deque<AutoCloseable> RUNNING = new ArrayDeque<>();
    private static final List<String> GATEWAY_URLS = new ArrayList<>();
    private static final List<String> STATUS_URLS = new ArrayList<>();
    private static ComposeFile compose;
    private static SmallWorld world;
    private static DeploymentOutcome outcome;

    @BeforeAll
    static void startTheDeploymentAndSendADayOfTraffic() throws Exception {
        compose = ComposeFile.read();
        final String bootstrap = KAFKA.bootstrapServers();
        // What the topics job does.
        new TopicProvisioner(bootstrap, compose.intSetting("topics", "BAKERY_REPLICATION_FACTOR"),
                compose.intSetting("topics", "BAKERY_MIN_INSYNC_REPLICAS")).createMissing();

        final List<String> gateways = servicesRunning("gateway");
        final List<String> topologies = servicesRunning("topology");
        final List<String> exporters = servicesRunning("exporter");
        for (final String service : gateways) {
            final GatewayApp gateway = GatewayApp.start(new GatewaySettings("127.0.0.1", 0, bootstrap,
                    dataDir.resolve(service).resolve("gateway"), CONFIG_MODEL));
            RUNNING.push(gateway);
            GATEWAY_URLS.add("http://127.0.0.1:" + gateway.port());
        }
        for (final String service : topologies) {
            final TopologyApp topology = TopologyApp.start(new TopologySettings(TopologySettings.DEFAULT_APPLICATION_ID,
                    bootstrap, dataDir.resolve(service).resolve("topology"), 1,
                    compose.intSetting(service, "BAKERY_STANDBY_REPLICAS"),
                    compose.intSetting(service, "BAKERY_REPLICATION_FACTOR"), CONFIG_MODEL),
                    TopologyCommand.internalTopicSettings(compose.intSetting(service, "BAKERY_MIN_INSYNC_REPLICAS")));
            RUNNING.push(topology);
            serveStatus(StatusEndpoint.start("127.0.0.1", 0, topology::scrape, topology::running));
        }
        for (final String service : exporters) {
            final ExporterApp exporter = ExporterApp.start(new ExporterSettings(ExporterSettings.DEFAULT_GROUP_ID,
                    bootstrap, exportsDir(), CONFIG_MODEL));
            RUNNING.push(exporter);
            serveStatus(StatusEndpoint.start("127.0.0.1", 0, exporter::scrape, exporter::running));
        }

        world = SmallWorld.generate(20_261_123L, WorldConfig.CLIENTS, 30, 40, 20);
        outcome = new DeploymentOutcome(bootstrap, WorldConfig.CLIENTS);
        new WorldTraffic(world, new GatewayClient(GATEWAY_URLS), new AcceptedRequests()).send();
        // Every pair is matched and every instance is idle before the day is closed: a match processed after the
        // close would count for the next day.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(outcome.currentMatches()).isEqualTo(world.expectedRows()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(outcome::topologyCaughtUp);
    }

    @AfterAll
    static void stop() {
        while (!RUNNING.isEmpty()) {
            try {
                RUNNING.pop().close();
            } catch (final Exception e) {
                // keep stopping the rest
            }
        }
    }

    @Test
    void shouldDeliverDeltaFilesEqualToTheReferenceWhenTheOperatorClosesTheDay() {
        outcome.closeEachClientsDay(CONFIG_MODEL);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(outcome.deliveredRows(exportsDir())).isEqualTo(world.expectedRows()));
    }

    @Test
    void shouldExposeEveryMetricTheDashboardQueriesWhenTheComponentsRun() throws Exception {
        final Set<String> queried = DashboardMetrics.metricNames(DashboardMetrics.DASHBOARD);

        assertThat(queried).isNotEmpty();
        // Kafka client metrics created after start-up (per topic, per task) reach the registry at Micrometer's
        // next refresh, up to a minute later.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(exposedMetricNames()).containsAll(queried));
    }

    @Test
    void shouldCreateBakerysTopicsWithTheComposeFilesReplicationWhenTheTopicsJobRuns() throws Exception {
        final int replication = compose.intSetting("topics", "BAKERY_REPLICATION_FACTOR");
        final String minIsr = compose.environment("topics").get("BAKERY_MIN_INSYNC_REPLICAS");
        final Set<String> names = Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toSet());

        assertThat(replicationFactors(names)).containsOnlyKeys(names).allSatisfy(
                (topic, factors) -> assertThat(factors).containsOnly(replication));
        assertThat(minInsyncReplicas(names)).containsOnlyKeys(names).allSatisfy(
                (topic, value) -> assertThat(value).isEqualTo(minIsr));
    }

    @Test
    void shouldReplicateTheTopologysChangelogsAsTheComposeFileSaysWhenTheTopologyRuns() throws Exception {
        final String service = servicesRunning("topology").get(0);
        final int replication = compose.intSetting(service, "BAKERY_REPLICATION_FACTOR");
        final String minIsr = compose.environment(service).get("BAKERY_MIN_INSYNC_REPLICAS");
        final Set<String> changelogs;
        try (Admin admin = KAFKA.admin()) {
            changelogs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(TopologySettings.DEFAULT_APPLICATION_ID + "-")
                            && name.endsWith("-changelog"))
                    .collect(Collectors.toSet());
        }

        assertThat(changelogs).isNotEmpty();
        assertThat(replicationFactors(changelogs)).allSatisfy(
                (topic, factors) -> assertThat(factors).containsOnly(replication));
        assertThat(minInsyncReplicas(changelogs)).allSatisfy((topic, value) -> assertThat(value).isEqualTo(minIsr));
    }

    // ---- the deployment ----

    /** The compose services that run {@code bakery <component>}, in file order. */
    private static List<String> servicesRunning(final String component) {
        final List<String> services = compose.services().stream()
                .filter(service -> compose.command(service).equals(List.of(component))).toList();
        assertThat(services).as("services running bakery %s in docker/compose.yaml", component).isNotEmpty();
        return services;
    }

    private static void serveStatus(final StatusEndpoint endpoint) {
        RUNNING.push(endpoint);
        STATUS_URLS.add("http://127.0.0.1:" + endpoint.port());
    }

    private static Path exportsDir() {
        return dataDir.resolve("exporter").resolve("exports");
    }

    /** The sample names every component serves at /metrics, as Prometheus scrapes them. */
    private static Set<String> exposedMetricNames() throws Exception {
        final Set<String> exposed = new TreeSet<>();
        for (final String url : GATEWAY_URLS) {
            exposed.addAll(DashboardMetrics.exposedNames(get(url + "/metrics").body()));
        }
        for (final String url : STATUS_URLS) {
            exposed.addAll(DashboardMetrics.exposedNames(get(url + StatusEndpoint.METRICS_PATH).body()));
        }
        return exposed;
    }

    private static HttpResponse<String> get(final String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- what came out ----

    private static Map<String, Set<Integer>> replicationFactors(final Set<String> topics) throws Exception {
        try (Admin admin = KAFKA.admin()) {
            final Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            final Map<String, Set<Integer>> factors = new TreeMap<>();
            descriptions.forEach((name, description) -> factors.put(name, description.partitions().stream()
                    .map(p -> p.replicas().size()).collect(Collectors.toSet())));
            return factors;
        }
    }

    private static Map<String, String> minInsyncReplicas(final Set<String> topics) throws Exception {
        try (Admin admin = KAFKA.admin()) {
            final List<ConfigResource> resources = topics.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            final Map<String, String> values = new TreeMap<>();
            admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((resource, config) ->
                    values.put(resource.name(), config.get("min.insync.replicas").value()));
            return values;
        }
    }
}
