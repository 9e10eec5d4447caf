package io.bakery.exporter.ledger;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.ExportDelivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The delivery ledger on the compacted {@code bakery.export-ledger} topic: per client-day, whether its file is
 * being published or was delivered. It is what makes a restart neither re-deliver a done day nor skip one: a day
 * is done only once its DELIVERED entry is acknowledged by the broker.
 */
public final class DeliveryLedger implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final KafkaProducer<ClientDayKey, ExportDelivery> producer;
    private final Map<ClientDayKey, ExportDelivery> entries = new ConcurrentHashMap<>();

    public DeliveryLedger(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props,
                Topics.EXPORT_LEDGER.keySerde().serializer(), Topics.EXPORT_LEDGER.valueSerde().serializer());
    }

    /** Reads the whole ledger topic (to its current end) into memory; entries written by this process stay. */
    public void reload() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<ClientDayKey, ExportDelivery> consumer = new KafkaConsumer<>(props,
                Topics.EXPORT_LEDGER.keySerde().deserializer(), Topics.EXPORT_LEDGER.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.EXPORT_LEDGER.name(), TIMEOUT)
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("timed out reading the delivery ledger " + Topics.EXPORT_LEDGER.name());
                }
                for (final ConsumerRecord<ClientDayKey, ExportDelivery> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        entries.remove(record.key());
                    } else {
                        entries.merge(record.key(), record.value(), DeliveryLedger::newer);
                    }
                }
            }
        }
    }

    /** The ledger entry of a client-day, if any. */
    public Optional<ExportDelivery> get(final ClientDayKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Whether the client-day's file was delivered. */
    public boolean isDelivered(final ClientDayKey key) {
        return get(key).map(e -> e.getState() == DeliveryState.DELIVERED).orElse(false);
    }

    /** Writes an entry and waits until the broker has it on every in-sync replica. */
    public void record(final ExportDelivery entry) {
        final ClientDayKey key = new ClientDayKey(entry.getClientId(), entry.getDay());
        try {
            producer.send(new ProducerRecord<>(Topics.EXPORT_LEDGER.name(), key, entry))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted writing the delivery ledger", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot write the delivery ledger", e);
        }
        entries.put(key, entry);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static ExportDelivery newer(final ExportDelivery known, final ExportDelivery read) {
        // A re-read must not replace what this process wrote after the read started.
        return read.getAt().isBefore(known.getAt()) ? known : read;
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
