package io.bakery.testsupport;

import io.bakery.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Produces and reads typed records of Bakery topics in tests, with the project's own serdes.
 * Reads are {@code read_committed}, as every Bakery consumer reads.
 */
public final class KafkaTestClient {

    private final String bootstrapServers;
    private final Duration timeout;

    KafkaTestClient(final String bootstrapServers, final Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** A client of any cluster, e.g. a broker a test started in a child JVM. */
    public static KafkaTestClient of(final String bootstrapServers) {
        return new KafkaTestClient(bootstrapServers, Duration.ofSeconds(60));
    }

    /** Sends the records and waits until every one is acknowledged by all in-sync replicas. */
    public <K, V> void produce(final TopicSpec<K, V> topic, final List<Map.Entry<K, V>> records) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(
                props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            final List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (final Map.Entry<K, V> record : records) {
                sends.add(producer.send(new ProducerRecord<>(topic.name(), record.getKey(), record.getValue())));
            }
            producer.flush();
            for (final java.util.concurrent.Future<?> send : sends) {
                send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (final Exception e) {
            throw new IllegalStateException("cannot produce to " + topic.name(), e);
        }
    }

    /** Sends one record and waits for its acknowledgement. */
    public <K, V> void produce(final TopicSpec<K, V> topic, final K key, final V value) {
        produce(topic, List.of(new java.util.AbstractMap.SimpleImmutableEntry<>(key, value)));
    }

    /**
     * Reads every committed record of the topic, from the beginning up to the end offsets as they are when the
     * call starts. Right after a transaction ended, use {@link #readAllSettled}: this read stops at its records
     * until the broker has written the transaction's markers.
     */
    public <K, V> List<ConsumerRecord<K, V>> readAll(final TopicSpec<K, V> topic) {
        try (KafkaConsumer<K, V> consumer = consumer(topic)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final List<ConsumerRecord<K, V>> records = new ArrayList<>();
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic.name() + " to its end offsets");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
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

    /**
     * Reads every committed record of the topic once no transaction on it is open. A commit returns before its
     * markers are written to the partitions, and a read_committed read ends at the first transaction still open,
     * so a plain {@link #readAll} right after a commit can miss the records just committed.
     */
    public <K, V> List<ConsumerRecord<K, V>> readAllSettled(final TopicSpec<K, V> topic) {
        try (KafkaConsumer<K, V> committed = consumer(topic, "read_committed");
             KafkaConsumer<K, V> written = consumer(topic, "read_uncommitted")) {
            final List<TopicPartition> partitions = committed.partitionsFor(topic.name(), timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .collect(Collectors.toList());
            final long deadline = System.nanoTime() + timeout.toNanos();
            // For a read_committed consumer the end offset is the last stable offset.
            while (!committed.endOffsets(partitions, timeout).equals(written.endOffsets(partitions, timeout))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a transaction on " + topic.name() + " stayed open");
                }
                Thread.sleep(50);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + topic.name() + " to settle", e);
        }
        return readAll(topic);
    }

    private <K, V> KafkaConsumer<K, V> consumer(final TopicSpec<K, V> topic) {
        return consumer(topic, "read_committed");
    }

    private <K, V> KafkaConsumer<K, V> consumer(final TopicSpec<K, V> topic, final String isolationLevel) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
