package io.bakery.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.Dmp;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter is stopped dead between two steps of an export (no ledger entry, no offset commit after the
 * stop) and restarted: exactly one complete file per client-day must be delivered, matching its manifest.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExporterCrashIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    private static final List<DeltaRow> ROWS = List.of(
            new DeltaRow("cookie-1", List.of("rec-1", "rec-2")),
            new DeltaRow("cookie-2", List.of("rec-3")));

    @TempDir
    Path out;

    /** What the probe throws: an Error, as a killed process would, skips every later step of the loop. */
    private static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(Topics.ALL);
    }

    @Test
    void shouldDeliverOneCompleteFileWhenKilledBetweenWriteAndPublish() throws Exception {
        final ExporterSettings settings = settings("crash-write", "2024-03-12");
        final ExportProbe crashAfterWrite = new ExportProbe() {
            @Override
            public void afterWrite(final ClientDayKey day) {
                throw new SimulatedCrash();
            }
        };
        final Path delivered = out.resolve("acme/da_selligent_20240312.csv");

        try (ExporterApp first = ExporterApp.start(settings, crashAfterWrite)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !first.running());
            assertThat(first.failure()).get().isInstanceOf(SimulatedCrash.class);
        }
        assertThat(delivered).doesNotExist();

        try (ExporterApp second = ExporterApp.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ledgerState("2024-03-12") == DeliveryState.DELIVERED);
        }

        assertExactlyOneCompleteFile(settings, delivered, "2024-03-12");
    }

    @Test
    void shouldDeliverOneCompleteFileWhenKilledBetweenPublishAndLedger() throws Exception {
        final ExporterSettings settings = settings("crash-publish", "2024-03-13");
        final ExportProbe crashAfterPublish = new ExportProbe() {
            @Override
            public void afterPublish(final ClientDayKey day) {
                throw new SimulatedCrash();
            }
        };
        final Path delivered = out.resolve("acme/da_selligent_20240313.csv");

        try (ExporterApp first = ExporterApp.start(settings, crashAfterPublish)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !first.running());
        }
        assertThat(ledgerState("2024-03-13")).isEqualTo(DeliveryState.PUBLISHING);
        final Object fileBeforeRestart = Files.readAttributes(delivered, BasicFileAttributes.class).fileKey();

        try (ExporterApp second = ExporterApp.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ledgerState("2024-03-13") == DeliveryState.DELIVERED);
        }

        assertExactlyOneCompleteFile(settings, delivered, "2024-03-13");
        // The restart found the file complete at the destination and did not deliver it again.
        assertThat(Files.readAttributes(delivered, BasicFileAttributes.class).fileKey()).isEqualTo(fileBeforeRestart);
    }

    private ExporterSettings settings(final String group, final String day) {
        KAFKA.client().produce(Topics.DAILY_DELTAS, new DailyDeltas("acme", day, 2)
                .task(0, List.of(ROWS.get(0))).task(1, List.of(ROWS.get(1))).entries());
        final ClientConfig client = new ClientConfig("acme", Dmp.SELLIGENT, List.of("acme-selligent"), "UTC",
                null, null, null, null);
        return new ExporterSettings(group, KAFKA.bootstrapServers(), out,
                new BakeryConfig(null, null, List.of(client), null));
    }

    private static void assertExactlyOneCompleteFile(final ExporterSettings settings, final Path delivered,
            final String day) throws Exception {
        try (Stream<Path> files = Files.list(delivered.getParent())) {
            assertThat(files.collect(Collectors.toList())).filteredOn(p -> p.getFileName().toString().contains(day.replace("-", "")))
                    .containsExactly(delivered);
        }
        final byte[] bytes = Files.readAllBytes(delivered);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("""
                selligent_cookie_id,crm_record_id,matched_at
                cookie-1,rec-1,%1$sT00:00:00Z
                cookie-1,rec-2,%1$sT00:00:00Z
                cookie-2,rec-3,%1$sT00:00:00Z
                """.formatted(java.time.LocalDate.parse(day).plusDays(1)));
        assertThat(ExporterDeliveryIT.manifestSha(settings.outputDir(), "acme", day))
                .isEqualTo(ExporterDeliveryIT.sha256(bytes));
        assertThat(Files.readString(DayExport.manifestPath(settings.outputDir(), "acme", day)))
                .contains("\"rows\":3", "\"bytes\":" + bytes.length);
    }

    private static DeliveryState ledgerState(final String day) {
        return KAFKA.client().readAll(Topics.EXPORT_LEDGER).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.getClientId().equals("acme") && e.getDay().equals(day))
                .reduce((first, second) -> second)
                .map(ExportDelivery::getState)
                .orElse(null);
    }
}
