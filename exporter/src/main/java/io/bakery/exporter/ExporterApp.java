package io.bakery.exporter;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes closed client-days from {@code bakery.daily-deltas} (committed transactions only) until closed. */
public final class ExporterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExporterApp.class);

    private final KafkaConsumer<ClientDayKey, DailyDeltaEntry> consumer;
    private final Thread loop;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong entriesRead = new AtomicLong();

    private ExporterApp(final ExporterSettings settings) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props,
                Topics.DAILY_DELTAS.keySerde().deserializer(), Topics.DAILY_DELTAS.valueSerde().deserializer());
        this.loop = new Thread(this::run, "exporter-loop");
    }

    /** Joins the consumer group and starts reading in the background. */
    public static ExporterApp start(final ExporterSettings settings) {
        final ExporterApp app = new ExporterApp(settings);
        app.loop.start();
        LOG.info("exporter started in group {}", settings.groupId());
        return app;
    }

    /** How many daily-delta entries this instance has read. */
    public long entriesRead() {
        return entriesRead.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.DAILY_DELTAS.name()));
            while (running.get()) {
                final ConsumerRecords<ClientDayKey, DailyDeltaEntry> records = consumer.poll(Duration.ofMillis(500));
                entriesRead.addAndGet(records.count());
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (final WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
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
        LOG.info("exporter stopped");
    }
}
