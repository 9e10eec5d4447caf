package io.bakery.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds which spooled copies of sends a previous run handed to its producer are in Kafka already, by reading the
 * partitions they were sent to from shortly before they were handed over up to the end offsets as they are now.
 * A copy is found when a record has its exact key and value bytes: each value carries a unique event id.
 *
 * <p>Its partition is the one the gateway's producer chose: the built-in partitioner hashes a non-null key with
 * murmur2 over the topic's partition count (DurablePublisher sets no partitioner and always sends a key).
 */
final class DeliveredCopyFinder {

    /**
     * How far before its hand-over a copy is looked for. The producer stamps a record when it is handed it, with the
     * same clock, so this covers that clock being stepped back, and a broker's clock on a topic stamped at append.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(5);
    /** A read that gets no record for this long while short of the end offsets has lost the cluster. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;

    DeliveredCopyFinder(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The sequences of the {@code copies} Kafka holds. Throws when Kafka cannot be read to the end (unreachable, a
     * topic without metadata yet, or {@code keepGoing} turned false): no copy may then be replayed unchecked.
     */
    List<Long> find(final List<DiskSpool.SpooledEvent> copies, final BooleanSupplier keepGoing) {
        if (copies.isEmpty()) {
            return List.of();
        }
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return find(consumer, copies, keepGoing);
        }
    }

    /** A consumer of no group that reads what it is assigned: the gateway's producer is not transactional. */
    static Properties consumerProperties(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bakery-gateway-spool-check");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        // A segment deleted by retention under the read: what it held is gone from the topic either way.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        return props;
    }

    private static List<Long> find(final Consumer<byte[], byte[]> consumer,
            final List<DiskSpool.SpooledEvent> copies, final BooleanSupplier keepGoing) {
        final Map<TopicPartition, Map<Copy, List<Long>>> wanted = new HashMap<>();
        final Map<TopicPartition, Long> lookFrom = new HashMap<>();
        final Map<String, Integer> partitionCounts = new HashMap<>();
        for (final DiskSpool.SpooledEvent spooled : copies) {
            final OutgoingEvent event = spooled.event();
            final int partitionCount = partitionCounts.computeIfAbsent(event.topic(),
                    topic -> partitionCount(consumer, topic));
            final TopicPartition partition = new TopicPartition(event.topic(),
                    Utils.toPositive(Utils.murmur2(event.key())) % partitionCount);
            wanted.computeIfAbsent(partition, p -> new HashMap<>())
                    .computeIfAbsent(new Copy(event.key(), event.value()), copy -> new ArrayList<>())
                    .add(spooled.sequence());
            final long from = Math.max(0, spooled.handedOverAtMillis() - CLOCK_MARGIN.toMillis());
            lookFrom.merge(partition, from, Math::min);
        }
        final Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(lookFrom, API_TIMEOUT);
        final Map<TopicPartition, Long> end = consumer.endOffsets(wanted.keySet(), API_TIMEOUT);
        final List<TopicPartition> toRead = new ArrayList<>();
        for (final TopicPartition partition : wanted.keySet()) {
            final OffsetAndTimestamp first = start.get(partition);
            // None: nothing was written there since the earliest hand-over, so none of its copies is there.
            if (first != null && first.offset() < end.get(partition)) {
                toRead.add(partition);
            }
        }
        final List<Long> found = new ArrayList<>();
        consumer.assign(toRead);
        for (final TopicPartition partition : toRead) {
            consumer.seek(partition, start.get(partition).offset());
        }
        long lastRecordAt = System.nanoTime();
        while (!toRead.isEmpty()) {
            if (!keepGoing.getAsBoolean()) {
                throw new IllegalStateException("stopped before the spooled copies were checked");
            }
            final var records = consumer.poll(POLL);
            for (final ConsumerRecord<byte[], byte[]> record : records) {
                final Map<Copy, List<Long>> inPartition =
                        wanted.get(new TopicPartition(record.topic(), record.partition()));
                final List<Long> sequences = inPartition.remove(new Copy(record.key(), record.value()));
                if (sequences != null) {
                    found.addAll(sequences);
                }
            }
            final List<TopicPartition> done = toRead.stream()
                    .filter(partition -> wanted.get(partition).isEmpty()
                            || consumer.position(partition) >= end.get(partition))
                    .toList();
            consumer.pause(done);
            toRead.removeAll(done);
            if (!records.isEmpty()) {
                lastRecordAt = System.nanoTime();
            } else if (System.nanoTime() - lastRecordAt > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("no records for " + STALL_LIMIT.toSeconds()
                        + " s while reading back the spooled copies");
            }
        }
        return found;
    }

    private static int partitionCount(final Consumer<byte[], byte[]> consumer, final String topic) {
        final List<PartitionInfo> partitions = consumer.partitionsFor(topic, API_TIMEOUT);
        if (partitions == null || partitions.isEmpty()) {
            // Not knowing the partition count is not knowing where to look.
            throw new IllegalStateException("no partitions known for " + topic + " yet");
        }
        return partitions.size();
    }

    /** An event's key and value bytes, compared by content. */
    private record Copy(byte[] key, byte[] value) {

        @Override
        public boolean equals(final Object other) {
            return other instanceof Copy copy && Arrays.equals(key, copy.key) && Arrays.equals(value, copy.value);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            // Keys and values hold cookie ids: never in a log line or an exception message.
            return "Copy[" + key.length + " + " + value.length + " bytes]";
        }
    }
}
