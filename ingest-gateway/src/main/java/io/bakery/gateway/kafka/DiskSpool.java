package io.bakery.gateway.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The local disk spool: events that could not reach Kafka wait here, in arrival order, until they are replayed.
 * A RocksDB database keyed by a big-endian sequence number, so iteration order is arrival order; every write is
 * synced to the write-ahead log before it returns, because a spooled event has already been promised to a client.
 */
public final class DiskSpool implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions synced;
    private final AtomicLong nextSequence;
    private final AtomicLong depth = new AtomicLong();

    /** Opens (or creates) the spool in {@code dir}; events left from a previous run are kept for replay. */
    public DiskSpool(final Path dir) {
        try {
            Files.createDirectories(dir);
            this.options = new Options().setCreateIfMissing(true);
            this.db = RocksDB.open(options, dir.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create the spool directory " + dir, e);
        } catch (final RocksDBException e) {
            throw new IllegalStateException("cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
        this.synced = new WriteOptions().setSync(true);
        long last = -1;
        long count = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                last = ByteBuffer.wrap(it.key()).getLong();
                count++;
            }
        }
        this.nextSequence = new AtomicLong(last + 1);
        this.depth.set(count);
    }

    /** Appends {@code events} atomically and durably (WAL synced) in the given order; their sequence numbers. */
    public List<Long> append(final List<OutgoingEvent> events) {
        final List<Long> sequences = new ArrayList<>(events.size());
        try (WriteBatch batch = new WriteBatch()) {
            for (final OutgoingEvent event : events) {
                final long sequence = nextSequence.getAndIncrement();
                batch.put(sequenceKey(sequence), encode(event));
                sequences.add(sequence);
            }
            db.write(synced, batch);
            depth.addAndGet(events.size());
        } catch (final RocksDBException e) {
            throw new SpoolUnavailableException("cannot write to the spool: " + e.getMessage(), e);
        }
        return sequences;
    }

    /** Up to {@code max} of the oldest spooled events, oldest first. */
    public List<SpooledEvent> oldest(final int max) {
        return oldest(max, sequence -> false);
    }

    /** Up to {@code max} of the oldest spooled events whose sequence is not {@code held}, oldest first. */
    public List<SpooledEvent> oldest(final int max, final java.util.function.LongPredicate held) {
        final List<SpooledEvent> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid() && out.size() < max; it.next()) {
                final long sequence = ByteBuffer.wrap(it.key()).getLong();
                if (!held.test(sequence)) {
                    out.add(new SpooledEvent(sequence, decode(it.value())));
                }
            }
        }
        return out;
    }

    /** Removes the events with these sequence numbers (they reached Kafka). */
    public void remove(final List<Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (final long sequence : sequences) {
                batch.delete(sequenceKey(sequence));
            }
            db.write(synced, batch);
            depth.addAndGet(-sequences.size());
        } catch (final RocksDBException e) {
            throw new SpoolUnavailableException("cannot delete from the spool: " + e.getMessage(), e);
        }
    }

    /** How many events wait in the spool. */
    public long depth() {
        return depth.get();
    }

    @Override
    public void close() {
        synced.close();
        db.close();
        options.close();
    }

    /** A spooled event with its sequence number. */
    public record SpooledEvent(long sequence, OutgoingEvent event) {}

    private static byte[] sequenceKey(final long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    private static byte[] encode(final OutgoingEvent event) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.key().length + event.value().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(event.topic());
            out.writeInt(event.key().length);
            out.write(event.key());
            out.writeInt(event.value().length);
            out.write(event.value());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static OutgoingEvent decode(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            final String topic = in.readUTF();
            final byte[] key = in.readNBytes(in.readInt());
            final byte[] value = in.readNBytes(in.readInt());
            return new OutgoingEvent(topic, key, value);
        } catch (final IOException e) {
            throw new UncheckedIOException("corrupt spool entry", e);
        }
    }

}
