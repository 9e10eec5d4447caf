package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.exporter.ExporterApp;
import io.bakery.exporter.ExporterSettings;
import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.launcher.SmallWorld.Browser;
import io.bakery.launcher.SmallWorld.CookieIdShape;
import io.bakery.launcher.SmallWorld.CrmRecord;
import io.bakery.launcher.SmallWorld.Row;
import io.bakery.launcher.status.StatusEndpoint;
import io.bakery.schemas.TopicSpec;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.Sha256;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.bakery.topology.TopologyApp;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.daily.DayClosePublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
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

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = "it-admin-key";
    private static final List<SmallWorld.Client> CLIENTS = List.of(
            new SmallWorld.Client("acme", "acme-tealium", CookieIdShape.HEX32),
            new SmallWorld.Client("wayne", "wayne-piano", CookieIdShape.LOWER_ALNUM16),
            new SmallWorld.Client("globex", "globex-selligent", CookieIdShape.TOKEN));
    private static final String CONFIG = """
            cookie:
              domain: null
              signingKeys:
                - id: it1
                  secret: multi-node-it-cookie-signing-secret-0123456789
            consent:
              vendorId: 1234
              storeWhenGdprUnknown: true
            adminKeys:
              - id: it-admin
                sha256: %s
                scopes: [admin, read]
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium]
                timeZone: Europe/Amsterdam
                phoneCountry: NL
                apiKeys: [{id: acme-it, sha256: %s, scopes: [upload, read]}]
              - id: wayne
                dmp: piano
                partners: [wayne-piano]
                timeZone: Europe/Berlin
                phoneCountry: DE
                apiKeys: [{id: wayne-it, sha256: %s, scopes: [upload, read]}]
              - id: globex
                dmp: selligent
                partners: [globex-selligent]
                timeZone: America/New_York
                phoneCountry: US
                apiKeys: [{id: globex-it, sha256: %s, scopes: [upload, read]}]
            """.formatted(Sha256.hex(ADMIN_KEY), Sha256.hex(clientKey("acme")), Sha256.hex(clientKey("wayne")),
            Sha256.hex(clientKey("globex")));

    private static final BakeryConfig CONFIG_MODEL = BakeryConfig.parse(CONFIG, Map.of());
    private static final Deque<AutoCloseable> RUNNING = new ArrayDeque<>();
    private static final List<String> GATEWAY_URLS = new ArrayList<>();
    private static final List<String> STATUS_URLS = new ArrayList<>();
    private static ComposeFile compose;
    private static SmallWorld world;

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

        world = SmallWorld.generate(20_261_123L, CLIENTS, 30, 40, 20);
        final Map<Integer, String> bakeryIds = visitPages();
        linkIdentities(bakeryIds);
        for (final SmallWorld.Client client : CLIENTS) {
            uploadCrmRecords(client.id(), world.records(client.id()));
        }
        // Every pair is matched and every instance is idle before the day is closed: a match processed after the
        // close would count for the next day.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(currentMatches()).isEqualTo(world.expectedRows()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(MultiNodeDeploymentIT::topologyCaughtUp);
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
        // What `bakery close-day --client C --day D` does, for each client's today in its time zone: every window
        // task closes the day (and any earlier open one, should the traffic have crossed a client's midnight).
        final DayClosePublisher closer = new DayClosePublisher(KAFKA.bootstrapServers(), Clock.systemUTC());
        for (final SmallWorld.Client client : CLIENTS) {
            closer.publish(client.id(), LocalDate.now(CONFIG_MODEL.client(client.id()).orElseThrow().zone()), "it");
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(deliveredRows()).isEqualTo(world.expectedRows()));
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

    private static String clientKey(final String clientId) {
        return "it-" + clientId + "-key";
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

    // ---- the traffic ----

    /**
     * Every browser visits its clients' pages: the first hit has no Bakery cookie and is bounced (302, cookie
     * set), the bounce comes back through the other gateway with the cookie and is stored; later visits carry the
     * cookie. Returns each browser's Bakery id, read from its cookie.
     */
    private static Map<Integer, String> visitPages() throws Exception {
        final Map<Integer, String> bakeryIds = new HashMap<>();
        int request = 0;
        for (final Browser browser : world.browsers()) {
            String cookie = null;
            for (final Map.Entry<String, String> visit : browser.cookieIdByClient().entrySet()) {
                final String partner = CLIENTS.stream().filter(c -> c.id().equals(visit.getKey())).findFirst()
                        .orElseThrow().partner();
                final String path = "/bakery/sync/dmpsyncendpoint?site=it.example&partner=" + partner
                        + "&cookieid=" + visit.getValue() + "&read=false";
                HttpResponse<String> response = get(gateway(request++) + path, cookie);
                if (cookie == null) {
                    assertThat(response.statusCode()).as("first hit of browser %d", browser.number()).isEqualTo(302);
                    cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                    final String location = response.headers().firstValue("Location").orElseThrow();
                    response = get(gateway(request++) + location, cookie);
                }
                assertThat(response.statusCode()).as("hit of browser %d", browser.number()).isEqualTo(200);
            }
            // bkry=<version>.<key id>.<Bakery id>.<tag>
            bakeryIds.put(browser.number(), cookie.substring(cookie.indexOf('=') + 1).split("\\.")[2]);
        }
        return bakeryIds;
    }

    /** The identity graph's feed: one intake of every browser's links to its hashed e-mails. */
    private static void linkIdentities(final Map<Integer, String> bakeryIds) throws Exception {
        final StringBuilder body = new StringBuilder();
        int links = 0;
        for (final Browser browser : world.browsers()) {
            for (final String hash : browser.emailHashes()) {
                body.append("{\"bakery_id\":\"").append(bakeryIds.get(browser.number()))
                        .append("\",\"type\":\"email_sha256\",\"hash\":\"").append(hash).append("\",\"op\":\"add\"}\n");
                links++;
            }
        }
        final JsonNode report = post(gateway(1) + "/api/v1/identity-links", ADMIN_KEY, "application/x-ndjson",
                body.toString());
        assertThat(report.get("accepted").asInt()).isEqualTo(links);
    }

    private static void uploadCrmRecords(final String clientId, final List<CrmRecord> records) throws Exception {
        final StringBuilder csv = new StringBuilder("record_id,email_sha256\n");
        records.forEach(r -> csv.append(r.recordId()).append(',').append(r.emailHash()).append('\n'));
        final JsonNode report = post(gateway(0) + "/api/v1/clients/" + clientId + "/uploads?mode=add",
                clientKey(clientId), "text/csv", csv.toString());
        assertThat(report.get("accepted").asInt()).isEqualTo(records.size());
    }

    /** The balancer's choice: round robin over the gateways. */
    private static String gateway(final int request) {
        return GATEWAY_URLS.get(request % GATEWAY_URLS.size());
    }

    private static HttpResponse<String> get(final String url) throws Exception {
        return get(url, null);
    }

    private static HttpResponse<String> get(final String url, final String cookie) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a body and returns the 200 answer's report; a 503 (upload capacity still warming up) is retried. */
    private static JsonNode post(final String url, final String key, final String contentType, final String body) {
        final HttpResponse<String> response = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() != 503);
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what came out ----

    /** Per client, the (cookie, record) pairs matched now, from the ADDED and REMOVED events on bakery.matches. */
    private static Map<String, Set<Row>> currentMatches() {
        final Map<String, Set<Row>> matched = new TreeMap<>();
        CLIENTS.forEach(c -> matched.put(c.id(), new TreeSet<>()));
        for (final ConsumerRecord<ClientCookieKey, Match> record : KAFKA.client().readAll(Topics.MATCHES)) {
            final Match match = record.value();
            final Row row = new Row(match.getDmpCookieId(), match.getRecordId());
            if (match.getKind() == MatchKind.ADDED) {
                matched.get(match.getClientId()).add(row);
            } else if (match.getKind() == MatchKind.REMOVED) {
                matched.get(match.getClientId()).remove(row);
            }
        }
        return matched;
    }

    /** Whether the topology has committed everything there is to read on every partition it reads. */
    private static boolean topologyCaughtUp() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(TopologySettings.DEFAULT_APPLICATION_ID)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            final var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS);
            return !committed.isEmpty() && committed.entrySet().stream().allMatch(
                    e -> e.getValue() != null && e.getValue().offset() >= ends.get(e.getKey()).offset());
        }
    }

    /**
     * Per client, the rows of every delta file delivered to its folder: a day at a client's midnight may be split
     * over two files (two days), so rows are compared as one set per client.
     */
    private static Map<String, Set<Row>> deliveredRows() throws IOException {
        final Map<String, Set<Row>> delivered = new TreeMap<>();
        for (final SmallWorld.Client client : CLIENTS) {
            final Set<Row> rows = new TreeSet<>();
            final Path folder = exportsDir().resolve(client.id());
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (final Path file : files.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                        rows.addAll(rowsOf(file));
                    }
                }
            }
            delivered.put(client.id(), rows);
        }
        return delivered;
    }

    /** A delta file's rows: header first, then DMP cookie id and CRM record id as the first two columns. */
    private static List<Row> rowsOf(final Path file) throws IOException {
        final List<String> lines = Files.readAllLines(file);
        final List<Row> rows = new ArrayList<>();
        for (final String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            final String[] columns = line.split(",", -1);
            rows.add(new Row(unquote(columns[0]), unquote(columns[1])));
        }
        return rows;
    }

    private static String unquote(final String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

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
