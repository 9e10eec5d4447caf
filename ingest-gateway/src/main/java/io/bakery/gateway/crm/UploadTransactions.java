package io.bakery.gateway.crm;

import io.bakery.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka transaction per upload: a small pool of transactional producers (acks=all, idempotent), one leased
 * per running upload. Why transactions: an upload is either wholly visible to read_committed consumers or not at
 * all, so a failed upload (bad UTF-8 at row 3M, a broken connection, a broker error) leaves nothing behind, and
 * the audit event with the report commits atomically with the records it describes. The price: an upload must
 * finish within {@link UploadSettings#transactionTimeout()}, and while it is open the topology's read_committed
 * consumers of the partitions it writes wait at its first offset.
 *
 * <p>Transactional ids are {@code <prefix>-<slot>}, stable for one gateway instance, so a restarted instance
 * fences and aborts what its previous run left open instead of waiting for the timeout.
 *
 * <p>Sends are pipelined: {@link Transaction#send} hands records over in batches to a sender thread of the
 * transaction, which encodes them and appends them to the producer (a fifth of an upload's CPU), so the upload's
 * own thread reads and validates the next rows meanwhile. Order is kept (one sender per transaction, batches in
 * turn); {@link Transaction#flush} and commit wait for the sender.
 */
public final class UploadTransactions implements AutoCloseable {

    /** Records handed to the sender at once: big enough that a hand-over costs little next to encoding them. */
    static final int BATCH_RECORDS = 512;
    /** Batches handed over but not sent yet, per transaction: bounds the memory an upload holds. */
    private static final int BATCHES_AHEAD = 4;

    private final String bootstrapServers;
    private final String transactionalIdPrefix;
    private final UploadSettings settings;
    private final BlockingQueue<Integer> freeSlots;
    private final KafkaProducer<byte[], byte[]>[] producers;

    @SuppressWarnings("unchecked")
    public UploadTransactions(final String bootstrapServers, final String transactionalIdPrefix,
                              final UploadSettings settings) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.settings = settings;
        this.freeSlots = new ArrayBlockingQueue<>(settings.concurrentUploads());
        this.producers = new KafkaProducer[settings.concurrentUploads()];
        for (int slot = 0; slot < settings.concurrentUploads(); slot++) {
            freeSlots.add(slot);
        }
    }

    /** Leases a producer and begins a transaction; null if none became free in time. */
    public Transaction begin() throws InterruptedException {
        final Integer slot = freeSlots.poll(settings.waitForSlot().toMillis(), TimeUnit.MILLISECONDS);
        if (slot == null) {
            return null;
        }
        try {
            final KafkaProducer<byte[], byte[]> producer = producer(slot);
            producer.beginTransaction();
            return new Transaction(slot, producer);
        } catch (final RuntimeException e) {
            discard(slot);
            freeSlots.add(slot);
            throw e;
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer(final int slot) {
        if (producers[slot] == null) {
            final Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + slot);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
            props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalIdPrefix + "-" + slot);
            // Uploads are bulk: big batches, and a few ms of linger cost nothing.
            props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            // No compression: an upload is CPU-bound (gateway and broker share the cores), and a record is mostly
            // SHA-256 hex, which lz4 cannot shrink (it only finds the client, the upload id and a hash repeated in
            // the record: 1.7x on the bench file). lz4 cost ~0.7 µs per record on the sender thread, plus the
            // broker's decompression of every batch to validate it, more than the extra bytes cost to send and
            // write; bakery.crm-records takes ~1.7x the disk for it.
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            final KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                producer.initTransactions();
            } catch (final RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            producers[slot] = producer;
        }
        return producers[slot];
    }

    private synchronized void discard(final int slot) {
        if (producers[slot] != null) {
            producers[slot].close(Duration.ofSeconds(5));
            producers[slot] = null;
        }
    }

    @Override
    public synchronized void close() {
        for (int slot = 0; slot < producers.length; slot++) {
            discard(slot);
        }
    }

    /** One open transaction; commit or abort it, then close it to give the producer back. */
    public final class Transaction implements AutoCloseable {
        private final int slot;
        private final KafkaProducer<byte[], byte[]> producer;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final ExecutorService sender;
        private final Semaphore batchesAhead = new Semaphore(BATCHES_AHEAD);
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private List<Runnable> batch = new ArrayList<>(BATCH_RECORDS);
        private boolean open = true;
        private boolean broken;

        private Transaction(final int slot, final KafkaProducer<byte[], byte[]> producer) {
            this.slot = slot;
            this.producer = producer;
            this.sender = Executors.newSingleThreadExecutor(runnable -> {
                final Thread thread = new Thread(runnable, transactionalIdPrefix + "-" + slot + "-sender");
                thread.setDaemon(true);
                return thread;
            });
        }

        /**
         * Sends a record of {@code topic} inside the transaction; {@code partition} null = by key. The record is
         * encoded and sent on the sender thread; a failure of an earlier send is thrown here, so an upload stops
         * reading as soon as Kafka refuses it.
         *
         * @throws KafkaException if an earlier record could not be encoded or sent
         */
        public <K, V> void send(final TopicSpec<K, V> topic, final Integer partition, final K key, final V value) {
            failIfAnySendFailed();
            batch.add(() -> sendNow(topic, partition, key, value));
            if (batch.size() >= BATCH_RECORDS) {
                handOver();
            }
        }

        private <K, V> void sendNow(final TopicSpec<K, V> topic, final Integer partition, final K key, final V value) {
            final byte[] keyBytes = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
            final byte[] valueBytes = value == null ? null
                    : topic.valueSerde().serializer().serialize(topic.name(), value);
            producer.send(new ProducerRecord<>(topic.name(), partition, keyBytes, valueBytes), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }

        /** Gives the current batch to the sender, waiting while {@value #BATCHES_AHEAD} batches are ahead. */
        private void handOver() {
            if (batch.isEmpty()) {
                return;
            }
            final List<Runnable> sends = batch;
            batch = new ArrayList<>(BATCH_RECORDS);
            try {
                batchesAhead.acquire();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while records of the upload were sent", e);
            }
            sender.execute(() -> {
                try {
                    for (final Runnable send : sends) {
                        if (cancelled.get() || failure.get() != null) {
                            return;
                        }
                        send.run();
                    }
                } catch (final RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    batchesAhead.release();
                }
            });
        }

        /** Waits until the sender has sent every batch handed over (or stopped at a failure). */
        private void awaitSender() {
            handOver();
            try {
                batchesAhead.acquire(BATCHES_AHEAD);
                batchesAhead.release(BATCHES_AHEAD);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while records of the upload were sent", e);
            }
        }

        /** The partitions of {@code topic}, e.g. to write a marker to every one. */
        public List<Integer> partitions(final TopicSpec<?, ?> topic) {
            return producer.partitionsFor(topic.name()).stream().map(p -> p.partition()).sorted().toList();
        }

        /** Waits until everything sent so far is acknowledged; throws if any send failed. */
        public void flush() {
            awaitSender();
            failIfAnySendFailed();
            producer.flush();
            failIfAnySendFailed();
        }

        /** Commits: returns only when every record is acknowledged and the transaction is committed. */
        public void commit() {
            flush();
            try {
                producer.commitTransaction();
                open = false;
            } catch (final KafkaException e) {
                // After a failed commit the producer state is unknown (fenced, timed out): start the slot afresh.
                broken = true;
                throw e;
            }
        }

        /** Aborts: nothing sent in this transaction becomes visible to read_committed consumers. */
        public void abort() {
            if (open) {
                open = false;
                stopSender();
                try {
                    producer.abortTransaction();
                } catch (final KafkaException e) {
                    broken = true;
                }
            }
        }

        /**
         * Drops what was not sent yet and waits for the sender to stop: the producer goes back to the pool after
         * this, and no record of this upload may reach the next upload's transaction.
         */
        private void stopSender() {
            cancelled.set(true);
            batch.clear();
            sender.shutdown();
            try {
                if (!sender.awaitTermination(1, TimeUnit.MINUTES)) {
                    broken = true;
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                broken = true;
            }
        }

        private void failIfAnySendFailed() {
            final Exception e = failure.get();
            if (e != null) {
                throw new KafkaException("a record of the upload was not encoded or not acknowledged", e);
            }
        }

        @Override
        public void close() {
            abort();
            stopSender();
            if (broken) {
                discard(slot);
            }
            freeSlots.add(slot);
        }
    }
}
