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
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns closed client-days from {@code bakery.daily-deltas} (committed transactions only) into delivered files.
 *
 * <p>Entries are collected per client-day until every producing task's end marker is in; a complete day is
 * exported ({@link DayExport}), an inconsistent one raises the incomplete alarm and publishes nothing. Offsets are
 * committed only up to the first entry of the earliest day not yet done, so a restart re-reads every unfinished
 * day; days the ledger records as delivered are skipped on re-read.
 *
 * <p>A day's rows wait in a spill file under {@code <out>/work/} ({@link SpillFolder}), not on the heap; the file
 * is deleted once the day is exported, found inconsistent, handed to another instance, or the exporter stops. At
 * start-up, leftovers of days the ledger records as delivered (from a killed exporter) are deleted; a leftover of
 * an unfinished day is replaced when the day is re-read.
 */
public final class ExporterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExporterApp.class);
    /** How long a day whose delivery failed after all retries waits before the next attempt. */
    private static final Duration REDELIVERY_DELAY = Duration.ofMinutes(5);

    private final ExporterSettings settings;
    private final KafkaConsumer<ClientDayKey, DailyDeltaEntry> consumer;
    private final DeliveryLedger ledger;
    private final AuditTrail audit;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaClientMetrics consumerMetrics;
    private final ExporterMetrics metrics;
    private final DayExport dayExport;
    private final SpillFolder spills;
    private final Map<ClientDayKey, ClientDayAssembly> pending = new LinkedHashMap<>();
    private final Map<ClientDayKey, Long> retryAfterMs = new HashMap<>();
    private final Thread loop;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong entriesRead = new AtomicLong();
    private volatile Throwable failure;

    private ExporterApp(final ExporterSettings settings, final ExportProbe probe) {
        this.settings = settings;
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props,
                Topics.DAILY_DELTAS.keySerde().deserializer(), Topics.DAILY_DELTAS.valueSerde().deserializer());
        this.ledger = new DeliveryLedger(settings.bootstrapServers());
        this.audit = new AuditTrail(settings.bootstrapServers());
        this.metrics = new ExporterMetrics(registry);
        // The consumer's lag on bakery.daily-deltas, for dashboards.
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        // Every configured client's export counters exist from the start at zero: a dashboard or an alert on
        // "failures increased" then sees a series before the first failure, not a gap.
        for (final ClientConfig client : settings.config().clients()) {
            for (final String name : List.of(ExporterMetrics.DELIVERED, ExporterMetrics.INCOMPLETE,
                    ExporterMetrics.DELIVERY_FAILURES)) {
                registry.counter(name, "client", client.id());
            }
        }
        this.dayExport = new DayExport(settings, ledger, audit, metrics, probe);
        this.spills = new SpillFolder(settings.outputDir());
        this.loop = new Thread(this::run, "exporter-loop");
    }

    /** Joins the consumer group and starts exporting in the background. */
    public static ExporterApp start(final ExporterSettings settings) {
        return start(settings, ExportProbe.NONE);
    }

    /** As {@link #start(ExporterSettings)}, with a probe called between the export steps (crash tests). */
    public static ExporterApp start(final ExporterSettings settings, final ExportProbe probe) {
        final ExporterApp app = new ExporterApp(settings, probe);
        app.loop.start();
        LOG.info("exporter started in group {}", settings.groupId());
        return app;
    }

    /** How many daily-delta entries this instance has read. */
    public long entriesRead() {
        return entriesRead.get();
    }

    /** The exporter's meters (Prometheus registry). */
    public ExporterMetrics metrics() {
        return metrics;
    }

    /** The Prometheus text exposition of the exporter's meters. */
    public String scrape() {
        return registry.scrape();
    }

    /** Whether the export loop is still running (it stops on close, or on an unexpected failure). */
    public boolean running() {
        return loop.isAlive();
    }

    /** What stopped the loop, if it stopped by itself. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try {
            ledger.reload();
            final int leftovers = spills.deleteDelivered(ledger::isDelivered);
            if (leftovers > 0) {
                LOG.info("deleted {} spill file(s) of delivered days left by an earlier run", leftovers);
            }
            consumer.subscribe(List.of(Topics.DAILY_DELTAS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
                    // Another instance takes these days over from the last committed offset.
                    final Iterator<ClientDayAssembly> it = pending.values().iterator();
                    while (it.hasNext()) {
                        final ClientDayAssembly assembly = it.next();
                        if (partitions.contains(partition(assembly.partition()))) {
                            it.remove();
                            discard(assembly);
                        }
                    }
                }

                @Override
                public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
                    // The previous owner may have delivered days since we last read the ledger.
                    ledger.reload();
                }
            });
            while (running.get()) {
                for (final ConsumerRecord<ClientDayKey, DailyDeltaEntry> record : consumer.poll(Duration.ofMillis(500))) {
                    entriesRead.incrementAndGet();
                    collect(record);
                }
                exportReadyDays();
                commitDoneOffsets();
            }
        } catch (final WakeupException e) {
            // close() asked us to stop
        } catch (final Throwable e) {
            // Nothing past the last committed offset is lost: a restarted exporter picks up where this one stopped.
            failure = e;
            LOG.error("exporter loop stopped", e);
        } finally {
            // A restart re-reads unfinished days from the committed offsets: their spills are of no further use.
            pending.values().forEach(ExporterApp::discard);
            pending.clear();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void collect(final ConsumerRecord<ClientDayKey, DailyDeltaEntry> record) throws IOException {
        final ClientDayKey key = record.key();
        if (ledger.isDelivered(key)) {
            return;
        }
        if (settings.config().client(key.getClientId()).isEmpty()) {
            metrics.unknownClient();
            return;
        }
        ClientDayAssembly assembly = pending.get(key);
        if (assembly == null) {
            // Named by where the day starts in the topic: a restart re-reading it replaces the earlier file.
            assembly = new ClientDayAssembly(key, record.partition(), record.offset(), System.currentTimeMillis(),
                    spills.create(key, "p" + record.partition() + "-o" + record.offset()));
            pending.put(key, assembly);
        }
        assembly.add(record.value());
    }

    /** Deletes an assembly's spill; a file that cannot be deleted is reported, not fatal (its day is settled). */
    private static void discard(final ClientDayAssembly assembly) {
        try {
            assembly.close();
        } catch (final IOException e) {
            LOG.warn("could not delete the spill of {}/{}: {}", assembly.key().getClientId(), assembly.key().getDay(),
                    e.getMessage());
        }
    }

    private void exportReadyDays() throws IOException {
        final long now = System.currentTimeMillis();
        final Iterator<ClientDayAssembly> it = pending.values().iterator();
        while (it.hasNext()) {
            final ClientDayAssembly assembly = it.next();
            final ClientDayKey key = assembly.key();
            if (!assembly.ready()) {
                if (now - assembly.firstSeenAtMs() > settings.completenessTimeout().toMillis()
                        && retryAfterMs.putIfAbsent(key, Long.MAX_VALUE) == null) {
                    // Alarm once; the day stays pending in case the missing markers still come, but gives back
                    // its write buffer and file handle meanwhile.
                    dayExport.alarmIncomplete(key, "end markers " + assembly.markerProgress() + " after "
                            + settings.completenessTimeout());
                    assembly.rows().release();
                }
                continue;
            }
            final Optional<String> inconsistency = assembly.inconsistency();
            if (inconsistency.isPresent()) {
                dayExport.alarmIncomplete(key, inconsistency.get());
                LOG.warn("client-day {}/{} is incomplete and was not exported: {}", key.getClientId(), key.getDay(),
                        inconsistency.get());
                it.remove();
                discard(assembly);
                retryAfterMs.remove(key);
                continue;
            }
            final Long retryAfter = retryAfterMs.get(key);
            if (retryAfter != null && retryAfter != Long.MAX_VALUE && now < retryAfter) {
                continue;
            }
            final ClientConfig client = settings.config().client(key.getClientId()).orElseThrow();
            try {
                final ExportResult result = dayExport.export(client,
                        new ClientDay(client.id(), LocalDate.parse(key.getDay()), client.zone()), assembly.rows(), false);
                LOG.info("exported {}/{}: {} rows to {}", key.getClientId(), key.getDay(), result.manifest().rows(),
                        result.destination());
                it.remove();
                discard(assembly);
                retryAfterMs.remove(key);
            } catch (final IOException e) {
                LOG.warn("delivery of {}/{} failed after retries; trying again in {}: {}", key.getClientId(),
                        key.getDay(), REDELIVERY_DELAY, e.getMessage());
                retryAfterMs.put(key, now + REDELIVERY_DELAY.toMillis());
            }
        }
    }

    private void commitDoneOffsets() {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final TopicPartition partition : consumer.assignment()) {
            long offset = consumer.position(partition);
            for (final ClientDayAssembly assembly : pending.values()) {
                if (assembly.partition() == partition.partition()) {
                    offset = Math.min(offset, assembly.firstOffset());
                }
            }
            offsets.put(partition, new OffsetAndMetadata(offset));
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private static TopicPartition partition(final int partition) {
        return new TopicPartition(Topics.DAILY_DELTAS.name(), partition);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            loop.join(Duration.ofSeconds(30).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            dayExport.close();
        } catch (final IOException e) {
            LOG.warn("closing delivery connections failed: {}", e.getMessage());
        }
        ledger.close();
        audit.close();
        consumerMetrics.close();
        LOG.info("exporter stopped");
    }
}
