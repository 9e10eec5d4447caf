package io.bakery.topology.metrics;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each configured client's matching funnel as gauges, read from {@code bakery.client-stats}: the topic holds the
 * sum over every task, which no single instance knows by itself. Every instance reads the whole (compacted) topic
 * without a consumer group, so any of them can be scraped; a dashboard takes the max over instances.
 */
public final class ClientStatsGauges implements AutoCloseable {

    /** CRM records held, by {@code client}. */
    public static final String RECORDS = "bakery.client.records";
    /** Records linked to at least one Bakery id, by {@code client}. */
    public static final String RECORDS_LINKED = "bakery.client.records.linked";
    /** Records matched to at least one DMP cookie, by {@code client}. */
    public static final String RECORDS_MATCHED = "bakery.client.records.matched";
    /** DMP cookies matched to at least one record, by {@code client}. */
    public static final String COOKIES_MATCHED = "bakery.client.cookies.matched";
    /** Matched DMP cookies with a sync hit in the last 24 hours, by {@code client}. */
    public static final String COOKIES_SEEN_24H = "bakery.client.cookies.matched.seen24h";

    private static final Logger LOG = LoggerFactory.getLogger(ClientStatsGauges.class);
    private static final ClientStats NONE = new ClientStats("", 0L, 0L, 0L, 0L, 0L, java.time.Instant.EPOCH);

    private final Map<String, ClientStats> latest = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, ClientStats> consumer;
    private final Thread reader;

    /** Registers the gauges (at zero until the first statistics arrive) and starts reading in the background. */
    public ClientStatsGauges(final String bootstrapServers, final BakeryConfig config, final MeterRegistry registry) {
        for (final ClientConfig client : config.clients()) {
            gauge(registry, RECORDS, client.id(), ClientStats::getRecords);
            gauge(registry, RECORDS_LINKED, client.id(), ClientStats::getRecordsLinked);
            gauge(registry, RECORDS_MATCHED, client.id(), ClientStats::getRecordsMatched);
            gauge(registry, COOKIES_MATCHED, client.id(), ClientStats::getCookiesMatched);
            gauge(registry, COOKIES_SEEN_24H, client.id(), ClientStats::getCookiesMatchedSeenLast24h);
        }
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // The topology writes statistics in transactions: read only what it committed.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, Topics.CLIENT_STATS.keySerde().deserializer(),
                Topics.CLIENT_STATS.valueSerde().deserializer());
        this.reader = new Thread(this::read, "client-stats-gauges");
        reader.setDaemon(true);
        reader.start();
    }

    private void gauge(final MeterRegistry registry, final String name, final String clientId,
            final ToLongFunction<ClientStats> field) {
        Gauge.builder(name, latest, m -> field.applyAsLong(m.getOrDefault(clientId, NONE)))
                .tag("client", clientId)
                .register(registry);
    }

    private void read() {
        try {
            final List<TopicPartition> partitions = IntStream.range(0, Topics.CLIENT_STATS.partitions())
                    .mapToObj(p -> new TopicPartition(Topics.CLIENT_STATS.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (final ConsumerRecord<String, ClientStats> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() != null) {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        } catch (final WakeupException e) {
            // close() asked us to stop
        } catch (final RuntimeException e) {
            // Only the gauges go stale; matching is not affected.
            LOG.warn("client statistics gauges stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
