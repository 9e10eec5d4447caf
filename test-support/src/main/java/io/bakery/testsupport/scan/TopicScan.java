package io.bakery.testsupport.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Scans every record of every topic on a cluster, internal ones (changelogs, repartition topics, consumer
 * offsets, transaction state) included: all partitions from the beginning, {@code read_uncommitted} so records of
 * aborted transactions count too, keys, values and header values as raw bytes.
 */
public final class TopicScan {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final PlaintextScanner scanner;

    public TopicScan(final PlaintextScanner scanner) {
        this.scanner = scanner;
    }

    /** Scans every topic the cluster has. */
    public ScanReport scanAll(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            final Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            return scan(bootstrapServers, topics);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot list the topics: " + e.getCause().getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing the topics", e);
        }
    }

    /** Scans the named topics, up to their end offsets as they are when the scan starts. */
    public ScanReport scan(final String bootstrapServers, final Set<String> topics) {
        final ScanReport.Builder report = new ScanReport.Builder("topics");
        readAll(bootstrapServers, topics, record -> {
            final String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            report.addItem();
            scanner.scan(record.key(), where + " key", report);
            scanner.scan(record.value(), where + " value", report);
            for (final Header header : record.headers()) {
                scanner.scan(header.value(), where + " header " + header.key(), report);
            }
        });
        return report.build();
    }

    /**
     * Hands every record of the named topics to {@code visitor} as raw bytes, aborted ones included, from the
     * beginning up to the end offsets as they are when the read starts.
     */
    public static void readAll(final String bootstrapServers, final Set<String> topics,
            final Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            final List<TopicPartition> partitions = partitions(bootstrapServers, topics);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topics + " to their end offsets");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(visitor);
            }
        }
    }

    private static List<TopicPartition> partitions(final String bootstrapServers, final Set<String> topics) {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
            return partitions;
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e.getCause().getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing " + topics, e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean reached(final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
