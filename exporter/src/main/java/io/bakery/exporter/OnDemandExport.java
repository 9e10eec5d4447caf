package io.bakery.exporter;

import io.bakery.exporter.assembly.ClientDayAssembly;
import io.bakery.exporter.assembly.SpillFolder;
import io.bakery.exporter.format.ClientDay;
import io.bakery.exporter.ledger.AuditTrail;
import io.bakery.exporter.ledger.DeliveryLedger;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.config.ClientConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bakery export --client C --day D}: rebuilds one client-day from {@code bakery.daily-deltas} and delivers
 * it again, replacing the file at the destination, whatever the ledger says. Outside the consumer group, so it
 * runs next to a live exporter. The day must still be in the topic (its retention) and complete.
 */
public final class OnDemandExport {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private OnDemandExport() {}

    /** A rebuilt day was not complete; nothing was delivered. */
    public static final class IncompleteDayException extends Exception {
        private static final long serialVersionUID = 1L;

        IncompleteDayException(final String message) {
            super(message);
        }
    }

    /** Rebuilds and re-delivers {@code clientId}'s file for {@code day}. */
    public static ExportResult run(final ExporterSettings settings, final String clientId, final LocalDate day)
            throws IOException, IncompleteDayException {
        final ClientConfig client = settings.config().client(clientId)
                .orElseThrow(() -> new IllegalArgumentException("no client '" + clientId + "' in the configuration"));
        final ClientDayKey key = new ClientDayKey(clientId, day.toString());
        // Its own spill name: a live exporter may be assembling the same day in the same work folder.
        final String spillName = "on-demand-" + UUID.randomUUID();
        try (ClientDayAssembly assembly = read(settings.bootstrapServers(), key,
                        new SpillFolder(settings.outputDir()), spillName)
                .orElseThrow(() -> new IncompleteDayException("no entries for " + clientId + "/" + day
                        + " in " + Topics.DAILY_DELTAS.name() + " (not closed yet, or past retention)"))) {
            return export(settings, client, day, assembly);
        }
    }

    private static ExportResult export(final ExporterSettings settings, final ClientConfig client,
            final LocalDate day, final ClientDayAssembly assembly) throws IOException, IncompleteDayException {
        final String clientId = client.id();
        if (!assembly.ready()) {
            throw new IncompleteDayException(clientId + "/" + day + " has end markers " + assembly.markerProgress());
        }
        final Optional<String> inconsistency = assembly.inconsistency();
        if (inconsistency.isPresent()) {
            throw new IncompleteDayException(clientId + "/" + day + ": " + inconsistency.get());
        }
        try (DeliveryLedger ledger = new DeliveryLedger(settings.bootstrapServers());
                AuditTrail audit = new AuditTrail(settings.bootstrapServers());
                DayExport export = new DayExport(settings, ledger, audit,
                        new ExporterMetrics(new SimpleMeterRegistry()), ExportProbe.NONE)) {
            ledger.reload();
            return export.export(client, new ClientDay(clientId, day, client.zone()), assembly.rows(), true);
        }
    }

    private static Optional<ClientDayAssembly> read(final String bootstrapServers, final ClientDayKey key,
            final SpillFolder spills, final String spillName) throws IOException {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<ClientDayKey, DailyDeltaEntry> consumer = new KafkaConsumer<>(props,
                Topics.DAILY_DELTAS.keySerde().deserializer(), Topics.DAILY_DELTAS.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.DAILY_DELTAS.name(), TIMEOUT)
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            ClientDayAssembly assembly = null;
            try {
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!reached(consumer, end)) {
                    if (System.nanoTime() > deadline) {
                        throw new KafkaException("timed out reading " + Topics.DAILY_DELTAS.name());
                    }
                    for (final ConsumerRecord<ClientDayKey, DailyDeltaEntry> record
                            : consumer.poll(Duration.ofMillis(200))) {
                        if (key.equals(record.key())) {
                            if (assembly == null) {
                                assembly = new ClientDayAssembly(key, record.partition(), record.offset(),
                                        System.currentTimeMillis(), spills.create(key, spillName));
                            }
                            assembly.add(record.value());
                        }
                    }
                }
                return Optional.ofNullable(assembly);
            } catch (final IOException | RuntimeException e) {
                if (assembly != null) {
                    assembly.close();
                }
                throw e;
            }
        }
    }

    private static boolean reached(final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> partitionEnd : end.entrySet()) {
            if (consumer.position(partitionEnd.getKey()) < partitionEnd.getValue()) {
                return false;
            }
        }
        return true;
    }
}
