package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.launcher.demo.DeltaFileRows;
import io.bakery.launcher.demo.DemoRunner;
import io.bakery.launcher.demo.DemoSettings;
import io.bakery.launcher.demo.ReferenceMatches;
import io.bakery.launcher.world.WorldSize;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bakery demo} end to end on a small world: the real broker, gateway, topology and exporter, fed through
 * the intake API, the upload API, a pull folder and HTTP pixel hits, closed with the operator's close-day request.
 * Every delta file and every printed funnel is compared with {@link ReferenceMatches}, recomputed from the world's
 * input files alone.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DemoIT {

    private static final Path DEV_CONFIG = Path.of("..", "config", "bakery.dev.yaml");

    @TempDir
    static Path dataDir;

    private static DemoRunner.Outcome outcome;

    @BeforeAll
    static void runDemo() throws Exception {
        final DemoSettings settings = new DemoSettings(new WorldSize(200, 100, 80), 7, dataDir, 0, 0,
                "dev-admin-key", "dev-%s-key");
        outcome = new DemoRunner(settings, System.out).run(BakeryConfig.load(DEV_CONFIG, Map.of()));
    }

    @AfterAll
    static void stopStack() {
        if (outcome != null) {
            outcome.stack().close();
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
