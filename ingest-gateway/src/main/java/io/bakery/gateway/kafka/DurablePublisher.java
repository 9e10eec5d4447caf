package io.bakery.gateway.kafka;

import io.bakery.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets pixel events durably into Kafka, exactly once, without ever making a request thread wait for Kafka.
 *
 * <p>The promise: a request is answered 2xx only once each of its events is acknowledged by Kafka
 * ({@code acks=all}, idempotent producer) or synced to the {@link DiskSpool}, and every answered event reaches the
 * topic once. Events are sent asynchronously and the answer is completed from the producer callback, so no thread
 * blocks. An event Kafka has not acknowledged within {@link #ANSWER_WITHIN} (broker unreachable, leader moving) is
 * copied to the spool and its request answered, but the producer keeps the send: the copy is <em>held</em>, not
 * replayed, until the producer settles it. Acknowledged, the copy is deleted; failed, the copy is released for
 * replay. That is why the delivery timeout is unlimited: a send the producer gives up on after it may have reached
 * the broker has an unknown fate, and replaying it would write it twice, while the idempotent producer's own
 * retries are deduplicated by the broker. A send refused at once (buffer full: {@code max.block.ms=0} makes that
 * immediate; no metadata yet) never reached Kafka and is spooled for replay straight away. While the spool holds
 * anything, new events go straight to it, so they queue behind the older ones (the spool writer writes what
 * requests queued meanwhile with one disk sync, off the caller's thread); a single replay thread sends the spool
 * in order, waits for each outcome, and deletes what Kafka acknowledged.
 *
 * <p>Why not write every event to the spool first: a synced disk write per request would cost more than the whole
 * rest of the request, while the producer's acknowledgement arrives within a few milliseconds on a healthy cluster.
 *
 * <p>A process that ends while sends are unsettled (killed, or stopped while Kafka is unreachable) leaves their
 * copies in the spool, and the broker may have written some of them. So the spool records, for each copy, whether
 * a producer was handed the event and when: a held copy, a send the producer failed after taking it, and an event
 * the replay is about to send are handed over; an event refused at once (buffer full, no metadata: the callback
 * runs inside {@code send}) or spooled while the spool was not empty is not. Before the replay sends anything, the
 * handed-over copies a previous run left are looked for in their topic partitions ({@link DeliveredCopyFinder}),
 * from shortly before their hand-over, and those Kafka holds are deleted; until that check has succeeded (Kafka
 * unreachable at start) nothing is replayed. Copies held by this process are settled by its own producer.
 */
public final class DurablePublisher implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurablePublisher.class);

    /** How long a request waits for Kafka's acknowledgement before its event is held in the spool instead. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final Duration SWEEP_EVERY = Duration.ofMillis(100);
    /** Bounded producer buffer: when it is full, events go to the spool instead of waiting. */
    private static final long BUFFER_BYTES = 32L * 1024 * 1024;
    private static final int REQUEST_TIMEOUT_MS = 1_500;
    private static final int REPLAY_BATCH = 500;
    private static final Duration REPLAY_BACKOFF_MAX = Duration.ofSeconds(2);

    private final Producer<byte[], byte[]> producer;
    private final DiskSpool spool;
    private final GatewayMetrics metrics;
    /** The one thread that writes the spool for the publish path: late sends, refused sends, settlements. */
    private final ScheduledExecutorService spoolWriter;
    private final AcknowledgementRelay acknowledger;
    private final Thread replayer;
    private final Object replaySignal = new Object();
    /** Sends the producer has not settled yet. */
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    /** Events on their way to the spool (published while it held anything), in publish order. */
    private final Queue<SpoolWrite> spoolWrites = new ConcurrentLinkedQueue<>();
    /** How many of them are not in the spool yet: they count as the spool holding something. */
    private final AtomicInteger spoolWritesPending = new AtomicInteger();
    /** Spool sequences whose event the producer still tries to deliver: never replayed while held. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    /** Makes "append and hold" atomic for the replay thread's reads of the spool. */
    private final Object holdLock = new Object();
    /** Spool entries below this sequence were left by an earlier producer, whose sends' fate is unknown. */
    private final long firstSequenceOfThisRun;
    private final DeliveredCopyFinder deliveredCopies;
    /** Whether the copies an earlier producer was handed were looked for in Kafka; only the replay thread uses it. */
    private boolean leftoversChecked;
    private int failedLeftoverChecks;
    private volatile boolean running = true;

    /** A publisher to the cluster at {@code bootstrapServers}, spooling into {@code spool}. */
    public DurablePublisher(final String bootstrapServers, final DiskSpool spool, final GatewayMetrics metrics) {
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.spool = spool;
        this.firstSequenceOfThisRun = spool.nextSequence();
        this.deliveredCopies = new DeliveredCopyFinder(bootstrapServers);
        this.metrics = metrics;
        metrics.bindProducer(producer);
        metrics.spoolDepth(spool::depth);
        // Callbacks run on the producer's network thread; the synced spool writes are moved off it.
        this.spoolWriter = Executors.newSingleThreadScheduledExecutor(daemon("bakery-spool-writer"));
        spoolWriter.scheduleWithFixedDelay(this::holdLateSends, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        // Completing a request's future runs its continuation (writing the HTTP answer) on the completing thread.
        // Done in the producer callback, every answer would be written by the producer's one network thread,
        // which then sends nothing meanwhile: the pixel bench's profile showed it as the bottleneck.
        this.acknowledger = new AcknowledgementRelay(daemon("bakery-ack"), AcknowledgementRelay.LANES);
        this.replayer = daemon("bakery-spool-replayer").newThread(this::replayLoop);
        this.replayer.start();
    }

    /** The producer settings: idempotent, acks=all, bounded buffer, never blocking the caller, never giving up. */
    static Properties producerProperties(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bakery-gateway");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        // 5 ms of batching: at pixel rates a batch then holds dozens of events, so the broker handles a tenth of
        // the produce requests it would at 2 ms (its CPU share in the pixel bench fell from ~40 % to ~10 % of a
        // core), and a hit is still answered within a few milliseconds.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        // Unlimited: an expired send may have reached the broker (see the class comment); requests never wait
        // for this, they are answered from the spool after ANSWER_WITHIN.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return props;
    }

    @Override
    public CompletableFuture<Void> publish(final List<OutgoingEvent> events) {
        if (spoolWritesPending.get() > 0 || spool.depth() > 0) {
            return toSpool(events);
        }
        final List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
        for (final OutgoingEvent event : events) {
            sends.add(send(event));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    /** How many events wait in the spool (held copies included). */
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
        final InFlight flight = new InFlight(event, System.nanoTime(), System.currentTimeMillis());
        inFlight.add(flight);
        final Thread caller = Thread.currentThread();
        try {
            // A send the producer refuses at once (buffer full, no metadata yet) fails through the callback, run
            // inside send() on the caller's thread; any later outcome comes from the producer's network thread.
            producer.send(record(event),
                    (metadata, error) -> settle(flight, error, Thread.currentThread() == caller));
        } catch (final RuntimeException e) {
            settle(flight, e, true);
        }
        return flight.answer;
    }

    /**
     * The producer's outcome for a send: answer, spool, or settle the held copy, depending on where it is.
     * {@code refusedAtOnce}: the producer never took the event, so Kafka cannot hold it.
     */
    private void settle(final InFlight flight, final Exception error, final boolean refusedAtOnce) {
        final SendState before;
        synchronized (flight) {
            before = flight.state;
            flight.settled = true;
            flight.error = error;
            if (before == SendState.SENDING) {
                flight.state = SendState.DONE;
            }
        }
        if (error != null) {
            metrics.publishFailed(error);
        }
        switch (before) {
            case SENDING -> {
                inFlight.remove(flight);
                if (error == null) {
                    acknowledger.acknowledge(flight.answer);
                } else if (refusedAtOnce) {
                    onSpoolWriter(() -> complete(flight.answer, () -> spool(List.of(flight.event))));
                } else {
                    // Failed after the producer took it (e.g. aborted by close): the broker may have written it.
                    onSpoolWriter(() -> complete(flight.answer, () -> spoolHandedOver(flight)));
                }
            }
            case HELD -> onSpoolWriter(() -> releaseHeld(flight));
            default -> {
                // SPOOLING: holdLateSends settles it once the copy is written.
            }
        }
    }

    /** Copies sends Kafka has not acknowledged within ANSWER_WITHIN to the spool, held, and answers them. */
    private void holdLateSends() {
        final long cutoff = System.nanoTime() - ANSWER_WITHIN.toNanos();
        final List<InFlight> late = new ArrayList<>();
        for (final InFlight flight : inFlight) {
            synchronized (flight) {
                if (flight.state == SendState.SENDING && flight.sentAtNanos - cutoff <= 0) {
                    flight.state = SendState.SPOOLING;
                    late.add(flight);
                }
            }
        }
        if (late.isEmpty()) {
            return;
        }
        final List<Long> sequences;
        try {
            synchronized (holdLock) {
                sequences = spool.appendHandedOver(late.stream().map(flight -> flight.event).toList(),
                        late.stream().map(flight -> flight.sentAtMillis).toList());
                held.addAll(sequences);
            }
        } catch (final RuntimeException e) {
            LOG.error("cannot hold {} late events in the spool; their requests fail: {}", late.size(), e.toString());
            for (final InFlight flight : late) {
                synchronized (flight) {
                    flight.state = SendState.DONE;
                }
                inFlight.remove(flight);
                flight.answer.completeExceptionally(e);
            }
            return;
        }
        metrics.spooled(late.size());
        for (int i = 0; i < late.size(); i++) {
            final InFlight flight = late.get(i);
            final boolean settled;
            synchronized (flight) {
                flight.spoolSequence = sequences.get(i);
                flight.state = SendState.HELD;
                settled = flight.settled;
            }
            acknowledger.acknowledge(flight.answer);
            if (settled) {
                releaseHeld(flight);
            }
        }
    }

    /** The producer settled a held send: delete its copy if Kafka has it, else let the replay send it. */
    private void releaseHeld(final InFlight flight) {
        inFlight.remove(flight);
        if (flight.error == null) {
            spool.remove(List.of(flight.spoolSequence));
        }
        held.remove(flight.spoolSequence);
        wakeReplay();
    }

    private void onSpoolWriter(final Runnable task) {
        try {
            spoolWriter.execute(task);
        } catch (final RejectedExecutionException e) {
            // Closing: the producer's last callbacks arrive after the writer stopped taking work.
            task.run();
        }
    }

    /**
     * Queues {@code events} for the spool writer, which writes what is queued with one disk sync and answers it
     * through the relay. The caller never waits for the disk: on the pixel listener it is an event loop serving
     * many connections, and a sync per request would hold them all (and only two requests could share a sync).
     */
    private CompletableFuture<Void> toSpool(final List<OutgoingEvent> events) {
        final SpoolWrite write = new SpoolWrite(events, new CompletableFuture<>());
        spoolWritesPending.addAndGet(events.size());
        spoolWrites.add(write);
        onSpoolWriter(this::writeQueuedToSpool);
        return write.done;
    }

    /** Writes every queued event in publish order, in one synced append, then answers their requests. */
    private void writeQueuedToSpool() {
        final List<SpoolWrite> writes = new ArrayList<>();
        for (SpoolWrite write = spoolWrites.poll(); write != null; write = spoolWrites.poll()) {
            writes.add(write);
        }
        if (writes.isEmpty()) {
            return; // an earlier task wrote them
        }
        final List<OutgoingEvent> events = writes.stream().flatMap(write -> write.events.stream()).toList();
        try {
            spool(events);
        } catch (final RuntimeException e) {
            writes.forEach(write -> write.done.completeExceptionally(e));
            return;
        } finally {
            spoolWritesPending.addAndGet(-events.size());
        }
        writes.forEach(write -> acknowledger.acknowledge(write.done));
    }

    private void spool(final List<OutgoingEvent> events) {
        spool.append(events);
        metrics.spooled(events.size());
        wakeReplay();
    }

    private void spoolHandedOver(final InFlight flight) {
        spool.appendHandedOver(List.of(flight.event), List.of(flight.sentAtMillis));
        metrics.spooled(1);
        wakeReplay();
    }

    private void wakeReplay() {
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
                if (!leftoversChecked) {
                    leftoversChecked = dropLeftoversKafkaHolds();
                    if (!leftoversChecked) {
                        Thread.sleep(backoffMs);
                        backoffMs = Math.min(backoffMs * 2, REPLAY_BACKOFF_MAX.toMillis());
                        continue;
                    }
                }
                final List<DiskSpool.SpooledEvent> batch;
                synchronized (holdLock) {
                    batch = spool.oldest(REPLAY_BATCH, held::contains);
                }
                if (batch.isEmpty()) {
                    synchronized (replaySignal) {
                        if (running) {
                            replaySignal.wait(1_000);
                        }
                    }
                    continue;
                }
                if (replay(batch)) {
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

    /**
     * Deletes from the spool the copies an earlier producer was handed that Kafka holds: that process may have ended
     * between the broker writing a send and the spool forgetting its copy. True once done; false if Kafka could not
     * be read, and then nothing may be replayed yet, or a copy Kafka holds would be written twice.
     */
    private boolean dropLeftoversKafkaHolds() {
        final List<DiskSpool.SpooledEvent> leftovers = spool.handedOverBefore(firstSequenceOfThisRun);
        if (leftovers.isEmpty()) {
            return true;
        }
        final List<Long> delivered;
        try {
            delivered = deliveredCopies.find(leftovers, () -> running);
        } catch (final RuntimeException e) {
            // Counts and the error's type only: keys and values hold cookie ids.
            final String message = "cannot look for {} spooled copies an earlier run handed to Kafka, replaying"
                    + " nothing until Kafka can be read: {}";
            if (failedLeftoverChecks++ == 0) {
                LOG.warn(message, leftovers.size(), e.getClass().getSimpleName());
            } else {
                LOG.debug(message, leftovers.size(), e.getClass().getSimpleName());
            }
            return false;
        }
        spool.remove(delivered);
        LOG.info("spool: {} copies an earlier run handed to Kafka, {} found there and dropped, {} to replay",
                leftovers.size(), delivered.size(), leftovers.size() - delivered.size());
        return true;
    }

    /**
     * Sends spooled events, waits for each outcome (the producer retries until the broker answers, so no copy is
     * sent twice), deletes those Kafka acknowledged; true when all of them were.
     */
    private boolean replay(final List<DiskSpool.SpooledEvent> batch) throws InterruptedException {
        // Before the producer has them: if this process ends before it settles them, the next start checks Kafka.
        spool.markHandedOver(batch, System.currentTimeMillis());
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
        try {
            for (final CompletableFuture<Long> sent : sends) {
                final Long sequence = outcome(sent);
                if (sequence != null) {
                    acknowledged.add(sequence);
                }
            }
        } finally {
            spool.remove(acknowledged);
            metrics.replayed(acknowledged.size());
        }
        return acknowledged.size() == batch.size();
    }

    /** The send's sequence once Kafka acknowledged it, null if it failed; waits as long as the publisher runs. */
    private Long outcome(final CompletableFuture<Long> sent) throws InterruptedException {
        while (true) {
            try {
                return sent.get(1, TimeUnit.SECONDS);
            } catch (final ExecutionException e) {
                return null;
            } catch (final TimeoutException e) {
                if (!running) {
                    throw new InterruptedException("closing while a replayed send is unsettled");
                }
            }
        }
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
        wakeReplay();
        try {
            replayer.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Sends still unsettled after this are failed by the producer; their requests are answered from the spool.
        producer.close(Duration.ofSeconds(5));
        spoolWriter.shutdown();
        acknowledger.close();
        try {
            spoolWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where a send is: with the producer, being copied to the spool, held there, or finished. */
    private enum SendState { SENDING, SPOOLING, HELD, DONE }

    /** Events of one publish on their way to the spool, and its answer. */
    private record SpoolWrite(List<OutgoingEvent> events, CompletableFuture<Void> done) {}

    /** One send the producer has not settled; its state is guarded by its own monitor. */
    private static final class InFlight {
        private final OutgoingEvent event;
        private final long sentAtNanos;
        /** Wall clock, stored with a spooled copy: the producer stamps the record with this clock, in send(). */
        private final long sentAtMillis;
        private final CompletableFuture<Void> answer = new CompletableFuture<>();
        private SendState state = SendState.SENDING;
        private boolean settled;
        private Exception error;
        private long spoolSequence = -1;

        private InFlight(final OutgoingEvent event, final long sentAtNanos, final long sentAtMillis) {
            this.event = event;
            this.sentAtNanos = sentAtNanos;
            this.sentAtMillis = sentAtMillis;
        }
    }
}
