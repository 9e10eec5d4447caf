package io.bakery.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays topics from their start and then follows them on one daemon thread, handing every committed record to a
 * handler: how the gateway keeps in-memory views of what other components wrote (upload reports, the dashboard).
 *
 * <p>It never gives up while the gateway runs: a topic that does not exist yet is waited for, a failing poll (the
 * cluster unreachable for longer than a request) is logged and retried from where it was after a pause, and a
 * record the handler cannot take is logged by its coordinates and skipped (retrying it would stop the view for
 * good). A view that silently stopped would refuse every Idempotency-Key retry and freeze the dashboard until a
 * restart.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final List<String> topics;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final String name;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /**
     * Starts following {@code topics} (read_committed, from their start) on a thread called {@code name};
     * {@code handler} runs on that thread, in topic order per partition.
     */
    public TopicFollower(final String bootstrapServers, final String name, final List<String> topics,
            final Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.name = name;
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bakery-gateway-" + name);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether every record that existed when the follower started has been handed to the handler. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void follow() {
        try {
            final Map<TopicPartition, Long> startEnd = assignFromStart();
            while (running) {
                try {
                    for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        handle(record);
                    }
                    if (!caughtUp && reached(startEnd)) {
                        caughtUp = true;
                        LOG.info("{}: caught up with {}", name, topics);
                    }
                } catch (final WakeupException e) {
                    throw e;
                } catch (final RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.warn("{}: following {} failed, going on in {} s: {}", name, topics, RETRY_PAUSE.toSeconds(),
                            e.toString());
                    pause();
                }
            }
        } catch (final WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(final ConsumerRecord<byte[], byte[]> record) {
        try {
            handler.accept(record);
        } catch (final RuntimeException e) {
            LOG.warn("{}: skipped the record at {}-{}@{}: {}", name, record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }

    /** Assigns every partition of every topic, waiting for topics that do not exist yet; the end offsets now. */
    private Map<TopicPartition, Long> assignFromStart() throws InterruptedException {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : topics) {
            List<PartitionInfo> infos = List.of();
            while (running && infos.isEmpty()) {
                try {
                    infos = consumer.partitionsFor(topic, METADATA_WAIT);
                } catch (final WakeupException e) {
                    throw e;
                } catch (final RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.warn("{}: cannot read the partitions of {} yet: {}", name, topic, e.toString());
                }
                if (infos.isEmpty()) {
                    pause();
                }
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (running) {
            try {
                return new HashMap<>(consumer.endOffsets(partitions, METADATA_WAIT));
            } catch (final WakeupException e) {
                throw e;
            } catch (final RuntimeException e) {
                LOG.warn("{}: cannot read the end offsets of {} yet: {}", name, topics, e.toString());
                pause();
            }
        }
        return Map.of();
    }

    private boolean reached(final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> partitionEnd : end.entrySet()) {
            if (consumer.position(partitionEnd.getKey()) < partitionEnd.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void pause() throws InterruptedException {
        if (running) {
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
