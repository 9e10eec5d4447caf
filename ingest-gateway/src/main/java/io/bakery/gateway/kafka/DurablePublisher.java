package io.bakery.gateway.kafka;

import io.bakery.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets pixel events durably into Kafka without ever making a request thread wait for Kafka.
 *
 * <p>The promise: a request is answered 2xx only once each of its events is acknowledged by Kafka
 * ({@code acks=all}, idempotent producer) or synced to the {@link DiskSpool}. Events are sent asynchronously and
 * the answer is completed from the producer callback, so no thread blocks. A send that fails (buffer full:
 * {@code max.block.ms=0} makes that immediate; broker unreachable: bounded by {@code delivery.timeout.ms}) is
 * written to the spool before its request is answered. While the spool holds anything, new events go straight
 * to the spool, so they queue behind the older ones; a single replay thread sends the spool in order and deletes
 * what Kafka acknowledged. Why not write every event to the spool first: a synced disk write per request would
 * cost more than the whole rest of the request, while the producer's acknowledgement already arrives within a
 * few milliseconds on a healthy cluster.
 *
 * <p>Known edge: an event whose acknowledgement is lost (the broker wrote it, then went away before answering) is
 * spooled and replayed, so it can appear twice; every event carries a unique id so consumers can drop the copy.
 */
public final class DurablePublisher implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurablePublisher.class);

    /** Bounded producer buffer: when it is full, events go to the spool instead of waiting. */
    private static final long BUFFER_BYTES = 32L * 1024 * 1024;
    private static final int REQUEST_TIMEOUT_MS = 1_500;
    /** How long an event may wait for Kafka before it is spooled; also the longest a request can wait. */
    private static final int DELIVERY_TIMEOUT_MS = 3_000;
    private static final int REPLAY_BATCH = 500;
    private static final Duration REPLAY_BACKOFF_MAX = Duration.ofSeconds(2);

    private final Producer<byte[], byte[]> producer;
    private final DiskSpool spool;
    private final GatewayMetrics metrics;
    private final ExecutorService spoolWriter;
    private final ExecutorService acknowledger;
    private final Thread replayer;
    private final Object replaySignal = new Object();
    private volatile boolean running = true;

    /** A publisher to the cluster at {@code bootstrapServers}, spooling into {@code spool}. */
    public DurablePublisher(final String bootstrapServers, final DiskSpool spool, final GatewayMetrics metrics) {
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.spool = spool;
        this.metrics = metrics;
        metrics.bindProducer(producer);
        metrics.spoolDepth(spool::depth);
        // Failure callbacks run on the producer's network thread; the synced spool write is moved off it.
        this.spoolWriter = Executors.newSingleThreadExecutor(daemon("bakery-spool-writer"));
        // Completing a request's future runs its continuation (writing the HTTP answer) on the completing thread.
        // Done in the producer callback, every answer would be written by the producer's one network thread,
        // which then sends nothing meanwhile: the pixel bench's profile showed it as the bottleneck.
        this.acknowledger = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("bakery-ack"));
        this.replayer = daemon("bakery-spool-replayer").newThread(this::replayLoop);
        this.replayer.start();
    }

    /** The producer settings: idempotent, acks=all, bounded buffer, never blocking the caller. */
    static Properties producerProperties(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bakery-gateway");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return props;
    }

    @Override
    public CompletableFuture<Void> publish(final List<OutgoingEvent> events) {
        if (spool.depth() > 0) {
            return toSpool(events);
        }
        final List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
        for (final OutgoingEvent event : events) {
            sends.add(send(event));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    /** How many events wait in the spool. */
    public long spoolDepth() {
        return spool.depth();
    }

    /**
     * Asks the producer for the topics' metadata so the first events do not find it missing: with
     * {@code max.block.ms=0} a send without metadata fails at once (and would be spooled).
     */
    public void warmUp(final List<String> topics) {
        for (final String topic : topics) {
            try {
                producer.partitionsFor(topic);
            } catch (final RuntimeException e) {
                // Expected with max.block.ms=0: the request registers the topic and the metadata arrives later.
            }
        }
    }

    private CompletableFuture<Void> send(final OutgoingEvent event) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(record(event), (metadata, error) -> {
                if (error == null) {
                    acknowledge(done);
                } else {
                    metrics.publishFailed(error);
                    spoolWriter.execute(() -> complete(done, () -> spool(List.of(event))));
                }
            });
        } catch (final RuntimeException e) {
            // Buffer full or no metadata yet: refused at once, without blocking.
            metrics.publishFailed(e);
            complete(done, () -> spool(List.of(event)));
        }
        return done;
    }

    private void acknowledge(final CompletableFuture<Void> done) {
        try {
            acknowledger.execute(() -> done.complete(null));
        } catch (final RejectedExecutionException e) {
            // Closing: the last callbacks complete where they run.
            done.complete(null);
        }
    }

    private CompletableFuture<Void> toSpool(final List<OutgoingEvent> events) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        complete(done, () -> spool(events));
        return done;
    }

    private void spool(final List<OutgoingEvent> events) {
        spool.append(events);
        metrics.spooled(events.size());
        synchronized (replaySignal) {
            replaySignal.notifyAll();
        }
    }

    private static void complete(final CompletableFuture<Void> done, final Runnable action) {
        try {
            action.run();
            done.complete(null);
        } catch (final RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private void replayLoop() {
        long backoffMs = 100;
        while (running) {
            try {
                if (spool.depth() == 0) {
                    synchronized (replaySignal) {
                        if (spool.depth() == 0 && running) {
                            replaySignal.wait(1_000);
                        }
                    }
                    continue;
                }
                if (replayBatch()) {
                    backoffMs = 100;
                } else {
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, REPLAY_BACKOFF_MAX.toMillis());
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (final RuntimeException e) {
                LOG.warn("spool replay failed, retrying: {}", e.toString());
                try {
                    Thread.sleep(REPLAY_BACKOFF_MAX.toMillis());
                } catch (final InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends the oldest spooled events, deletes those Kafka acknowledged; true when all of them were. */
    private boolean replayBatch() throws InterruptedException {
        final List<DiskSpool.SpooledEvent> batch = spool.oldest(REPLAY_BATCH);
        final List<CompletableFuture<Long>> sends = new ArrayList<>(batch.size());
        for (final DiskSpool.SpooledEvent spooled : batch) {
            final CompletableFuture<Long> sent = new CompletableFuture<>();
            try {
                producer.send(record(spooled.event()), (metadata, error) -> {
                    if (error == null) {
                        sent.complete(spooled.sequence());
                    } else {
                        sent.completeExceptionally(error);
                    }
                });
            } catch (final RuntimeException e) {
                sent.completeExceptionally(e);
            }
            sends.add(sent);
        }
        final List<Long> acknowledged = new ArrayList<>(batch.size());
        for (final CompletableFuture<Long> sent : sends) {
            try {
                acknowledged.add(sent.get(DELIVERY_TIMEOUT_MS + 2_000L, TimeUnit.MILLISECONDS));
            } catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Stays in the spool for the next round.
            }
        }
        spool.remove(acknowledged);
        metrics.replayed(acknowledged.size());
        return acknowledged.size() == batch.size();
    }

    private static ProducerRecord<byte[], byte[]> record(final OutgoingEvent event) {
        return new ProducerRecord<>(event.topic(), event.key(), event.value());
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name) {
        return runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Flushes what the producer holds, stops the replay; the spool keeps what is left for the next start. */
    @Override
    public void close() {
        running = false;
        synchronized (replaySignal) {
            replaySignal.notifyAll();
        }
        try {
            replayer.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofMillis(DELIVERY_TIMEOUT_MS + 1_000L));
        spoolWriter.shutdown();
        acknowledger.shutdown();
        try {
            spoolWriter.awaitTermination(10, TimeUnit.SECONDS);
            acknowledger.awaitTermination(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
