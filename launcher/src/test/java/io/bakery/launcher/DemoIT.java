package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.launcher.demo.DeltaFileRows;
import io.bakery.launcher.demo.DemoRunner;
import io.bakery.launcher.demo.DemoSettings;
import io.bakery.launcher.demo.ReferenceMatches;
import io.bakery.launcher.demo.WorldNeedles;
import io.bakery.launcher.world.WorldSize;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.testsupport.scan.FileScan;
import io.bakery.testsupport.scan.LogCapture;
import io.bakery.testsupport.scan.PlaintextScanner;
import io.bakery.testsupport.scan.ScanReport;
import io.bakery.testsupport.scan.StoreScan;
import io.bakery.testsupport.scan.TopicScan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.apache.kafka.common.serialization.Deserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bakery demo} end to end on a small world: the real broker, gateway, topology and exporter, fed through
 * the intake API, the upload API, a pull folder and HTTP pixel hits, closed with the operator's close-day request.
 * Every delta file and every printed funnel is compared with {@link ReferenceMatches}, recomputed from the world's
 * input files alone. Last, with the demo's logging captured from the start, a scan of every topic, state store,
 * written file and log line for the world's plaintext (and, in the logs, its raw ids).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

    private static final Path DEV_CONFIG = Path.of("..", "config", "bakery.dev.yaml");

    @TempDir
    static Path dataDir;

    /** The captured log, outside the demo's data folder (the demo only takes an empty or earlier demo's folder). */
    @TempDir
    static Path logDir;

    private static LogCapture logs;
    private static DemoRunner.Outcome outcome;

    @BeforeAll
    static void runDemo() throws Exception {
        // The access log is DEBUG; the scan wants every line a component can write, not only INFO's.
        logs = LogCapture.start(logDir.resolve("demo.log"), "io.bakery");
        final DemoSettings settings = new DemoSettings(new WorldSize(200, 100, 80), 7, dataDir, 0, 0,
                "dev-admin-key", "dev-%s-key");
        outcome = new DemoRunner(settings, logs.tee(System.out)).run(BakeryConfig.load(DEV_CONFIG, Map.of()));
    }

    @AfterAll
    static void stopStack() {
        if (outcome != null) {
            outcome.stack().close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    static Stream<String> clientIds() throws IOException {
        return BakeryConfig.load(DEV_CONFIG, Map.of()).clients().stream().map(ClientConfig::id);
    }

    @ParameterizedTest
    @MethodSource("clientIds")
    void shouldHoldExactlyTheReferencePairsEachOnceInTheDeltaFileWhenTheClientsDayIsClosed(final String clientId)
            throws IOException {
        final ReferenceMatches expected = ReferenceMatches.of(outcome.world().folder(), clientId);
        final String dmp = ReferenceMatches.clientRow(outcome.world().folder(), clientId).get("dmp");

        final List<ReferenceMatches.Pair> rows = DeltaFileRows.read(dmp, client(clientId).deltaFile());

        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected.pairs());
    }

    @ParameterizedTest
    @MethodSource("clientIds")
    void shouldPrintTheReferenceFunnelWhenTheDemoFinishes(final String clientId) throws IOException {
        final ReferenceMatches expected = ReferenceMatches.of(outcome.world().folder(), clientId);

        final ClientStats stats = client(clientId).stats();

        assertThat(stats).isNotNull();
        assertThat(List.of(stats.getRecords(), stats.getRecordsLinked(), stats.getRecordsMatched(),
                stats.getCookiesMatched(), stats.getCookiesMatchedSeenLast24h()))
                .as("records, linked, matched, cookies, cookies seen in 24h")
                .containsExactly((long) expected.records(), (long) expected.linkedRecords(),
                        (long) expected.matchedRecords(), (long) expected.matchedCookies(),
                        (long) expected.matchedCookies());
    }

    @ParameterizedTest
    @MethodSource("clientIds")
    void shouldPrintTheDeltaFilesRowCountAndSha256WhenTheDemoFinishes(final String clientId) throws Exception {
        final DemoRunner.ClientOutcome printed = client(clientId);
        final String dmp = ReferenceMatches.clientRow(outcome.world().folder(), clientId).get("dmp");

        assertThat(printed.rows()).isEqualTo(DeltaFileRows.read(dmp, printed.deltaFile()).size());
        assertThat(printed.sha256()).isEqualTo(sha256(printed.deltaFile()));
    }

    /** Guards the comparison above from passing on a world too plain to tell right from wrong. */
    @Test
    void shouldExerciseEveryRejectionAndMatchPathWhenTheWorldIsGenerated() throws IOException {
        int noCookies = 0;
        int refused = 0;
        int noBakeryId = 0;
        for (final String clientId : clientIds().toList()) {
            final ReferenceMatches expected = ReferenceMatches.of(outcome.world().folder(), clientId);
            assertThat(expected.pairs()).as("expected rows of " + clientId).isNotEmpty();
            assertThat(expected.rejectedRows()).as("rejected CRM rows of " + clientId).isPositive();
            assertThat(expected.linkedRecords()).as("unlinked records of " + clientId).isLessThan(expected.records());
            noCookies += expected.droppedHits().noThirdPartyCookies();
            refused += expected.droppedHits().consentRefused();
            noBakeryId += expected.droppedHits().noBakeryId();
        }
        assertThat(List.of(noCookies, refused, noBakeryId)).allMatch(n -> n > 0);
        assertThat(outcome.world().clients()).anyMatch(c -> c.route() == io.bakery.launcher.world.World.CrmRoute.PULL);
    }

    /**
     * Runs last: it reads the topics, then stops the stack, so that every store is flushed and closed before
     * it is read and the broker's log is complete.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void shouldLeaveNoPlaintextInAnyTopicStoreFileOrLogLineWhenTheDemoWorldHasRun() throws Exception {
        final WorldNeedles needles = WorldNeedles.of(outcome.world().folder());
        final String bootstrap = outcome.stack().bootstrapServers();
        // The Bakery ids the gateway minted for new browsers are in no input file: take them from the events.
        final Deserializer<SyncEvent> events = Topics.SYNC_EVENTS.valueSerde().deserializer();
        TopicScan.readAll(bootstrap, Set.of(Topics.SYNC_EVENTS.name()), record -> {
            final SyncEvent event = events.deserialize(record.topic(), record.value());
            needles.addBakeryId(event.getBakeryId());
            needles.addCookieId(event.getDmpCookieId());
        });
        final PlaintextScanner plaintext = new PlaintextScanner(needles.plaintext());
        final PlaintextScanner logNeedles = new PlaintextScanner(needles.forLogs());

        final ScanReport topics = new TopicScan(plaintext).scanAll(bootstrap);
        outcome.stack().close();
        logs.close();
        final List<Path> databases = StoreScan.databases(dataDir);
        final ScanReport stores = new StoreScan(plaintext).scan(dataDir);
        final ScanReport files = new FileScan(plaintext).scan("files", dataDir, DemoIT::isWorldInput);
        final List<Path> logFiles = new ArrayList<>(logs.files());
        logFiles.addAll(List.of(dataDir.resolve("kafka/broker.log"), dataDir.resolve("kafka/format.log")));
        final ScanReport logLines = new FileScan(logNeedles).scanFiles("logs", logFiles);
        final PlaintextScanner secretNeedles = new PlaintextScanner(secretsTheDemoUsed());
        final ScanReport secretsInLogs = new FileScan(secretNeedles).scanFiles("logs (secrets)", logFiles);

        for (final ScanReport report : List.of(topics, stores, files)) {
            System.out.println("[plaintext scan] " + report.summary(plaintext.needleCount()));
        }
        System.out.println("[plaintext scan] " + logLines.summary(logNeedles.needleCount()) + " (plaintext and "
                + needles.idCount() + " cookie/Bakery id forms)");
        final SoftAssertions softly = new SoftAssertions();
        for (final ScanReport report : List.of(topics, stores, files, logLines)) {
            softly.assertThat(report.findings()).as("plaintext found in " + report.place()).isEmpty();
        }
        softly.assertThat(secretsInLogs.findings()).as("a cookie signing secret or an API key in the logs").isEmpty();
        softly.assertThat(new FileScan(secretNeedles).scanFiles("config", List.of(DEV_CONFIG)).findingCount())
                .as("the signing secret found in the config file that holds it").isPositive();
        // What makes the scan mean something: it read the places where the data went.
        softly.assertThat(databases).as("RocksDB databases").anyMatch(p -> p.startsWith(dataDir.resolve("topology")))
                .anyMatch(p -> p.startsWith(dataDir.resolve("gateway")));
        softly.assertThat(stores.items()).as("store entries").isPositive();
        softly.assertThat(topics.items()).as("records").isPositive();
        softly.assertThat(files.items()).as("files").isPositive();
        softly.assertThat(Files.readString(logs.file())).as("captured log").contains("io.bakery.gateway.access");
        // The needles are in the forms the inputs hold: scanning the skipped inputs finds them.
        softly.assertThat(new FileScan(plaintext).scan("inputs", outcome.world().folder().resolve("crm"), p -> false)
                .findingCount()).as("plaintext needles found in the world's CRM files").isPositive();
        softly.assertThat(new FileScan(logNeedles).scan("inputs", outcome.world().folder().resolve("hits"), p -> false)
                .findingCount()).as("id needles found in the world's pixel hits").isPositive();
        softly.assertAll();
    }

    /** The cookie signing secrets of the config and the plaintext API keys the demo sent, which no log may hold. */
    private static Set<String> secretsTheDemoUsed() {
        final BakeryConfig config = BakeryConfig.load(DEV_CONFIG, Map.of());
        final Set<String> secrets = new java.util.HashSet<>();
        config.cookie().signingKeys().forEach(key -> secrets.add(key.secret()));
        secrets.add("dev-admin-key");
        config.clients().forEach(client -> secrets.add("dev-%s-key".formatted(client.id())));
        return secrets;
    }

    /** The world's own input files, plaintext by design: the generated world and the pull client's inbox file. */
    private static boolean isWorldInput(final Path file) {
        return file.startsWith(dataDir.resolve("world"))
                || file.startsWith(dataDir.resolve("pull")) && file.getFileName().toString().equals("crm.csv");
    }

    private static DemoRunner.ClientOutcome client(final String clientId) {
        return outcome.clients().stream().filter(c -> c.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new AssertionError("the demo reported nothing for " + clientId));
    }

    private static String sha256(final Path file) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
