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
import java.util.Collections;
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
 *
 * <p>Each entry also says whether a producer was ever handed the event, and when: such a copy may be in Kafka
 * already (the producer's outcome was not known when the copy was written, or its process died before it was), so
 * a later run checks the topic before it replays it. An entry is the topic (modified UTF-8), the key and the value
 * (each an int length and its bytes), then one byte, {@code 0} never handed over or {@code 1} handed over followed
 * by the wall-clock millis it was. Entries written before that byte existed end after the value; they are read as
 * handed over at an unknown time ({@code 0}), which only costs a longer check. Code that predates the byte reads
 * the topic, key and value and ignores it.
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

    /** Marks an entry whose event no producer was handed: Kafka cannot hold it. */
    public static final long NEVER_HANDED_OVER = -1;
    /** Marks an entry written before the spool recorded hand-overs: handed over at an unknown time. */
    public static final long HANDED_OVER_AT_UNKNOWN_TIME = 0;

    private static final byte NEVER_HANDED_OVER_TAG = 0;
    private static final byte HANDED_OVER_TAG = 1;

    /**
     * Appends {@code events}, which no producer was handed, atomically and durably (WAL synced) in the given order;
     * their sequence numbers.
     */
    public List<Long> append(final List<OutgoingEvent> events) {
        return appendHandedOver(events, Collections.nCopies(events.size(), NEVER_HANDED_OVER));
    }

    /**
     * Appends copies of sends a producer was handed at {@code handedOverAtMillis} (wall-clock millis, one per
     * event, in the same order), atomically and durably in the given order; their sequence numbers.
     */
    public List<Long> appendHandedOver(final List<OutgoingEvent> events, final List<Long> handedOverAtMillis) {
        if (events.size() != handedOverAtMillis.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + handedOverAtMillis.size()
                    + " hand-over times");
        }
        final List<Long> sequences = new ArrayList<>(events.size());
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < events.size(); i++) {
                final long sequence = nextSequence.getAndIncrement();
                batch.put(sequenceKey(sequence), encode(events.get(i), handedOverAtMillis.get(i)));
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
                    out.add(decode(sequence, it.value()));
                }
            }
        }
        return out;
    }

    /**
     * Every entry below sequence {@code below} whose event a producer was handed, oldest first: the copies that may
     * be in Kafka already.
     */
    public List<SpooledEvent> handedOverBefore(final long below) {
        final List<SpooledEvent> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                final long sequence = ByteBuffer.wrap(it.key()).getLong();
                if (sequence >= below) {
                    break;
                }
                final SpooledEvent spooled = decode(sequence, it.value());
                if (spooled.handedOver()) {
                    out.add(spooled);
                }
            }
        }
        return out;
    }

    /**
     * Records, durably, that the events of these entries not handed over yet are handed to a producer at
     * {@code atMillis} (wall clock), before they are: if the process dies before the producer settles them, the
     * next run knows Kafka may hold them.
     */
    public void markHandedOver(final List<SpooledEvent> entries, final long atMillis) {
        try (WriteBatch batch = new WriteBatch()) {
            int marked = 0;
            for (final SpooledEvent entry : entries) {
                if (!entry.handedOver()) {
                    batch.put(sequenceKey(entry.sequence()), encode(entry.event(), atMillis));
                    marked++;
                }
            }
            if (marked > 0) {
                db.write(synced, batch);
            }
        } catch (final RocksDBException e) {
            throw new SpoolUnavailableException("cannot write to the spool: " + e.getMessage(), e);
        }
    }

    /** The sequence number the next appended event gets: every entry there is now has a lower one. */
    public long nextSequence() {
        return nextSequence.get();
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

    /**
     * A spooled event with its sequence number and when a producer was handed it.
     *
     * @param handedOverAtMillis the wall-clock millis a producer was handed the event, after which Kafka may hold
     *     it; {@link #NEVER_HANDED_OVER} if none was, {@link #HANDED_OVER_AT_UNKNOWN_TIME} for an entry written
     *     before the spool recorded it
     */
    public record SpooledEvent(long sequence, OutgoingEvent event, long handedOverAtMillis) {

        /** Whether a producer was handed the event, so that Kafka may hold it. */
        public boolean handedOver() {
            return handedOverAtMillis != NEVER_HANDED_OVER;
        }
    }

    private static byte[] sequenceKey(final long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    private static byte[] encode(final OutgoingEvent event, final long handedOverAtMillis) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.key().length + event.value().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(event.topic());
            out.writeInt(event.key().length);
            out.write(event.key());
            out.writeInt(event.value().length);
            out.write(event.value());
            if (handedOverAtMillis == NEVER_HANDED_OVER) {
                out.writeByte(NEVER_HANDED_OVER_TAG);
            } else {
                out.writeByte(HANDED_OVER_TAG);
                out.writeLong(handedOverAtMillis);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static SpooledEvent decode(final long sequence, final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            final String topic = in.readUTF();
            final byte[] key = in.readNBytes(in.readInt());
            final byte[] value = in.readNBytes(in.readInt());
            final long handedOverAt;
            if (in.available() == 0) {
                handedOverAt = HANDED_OVER_AT_UNKNOWN_TIME;
            } else {
                final byte tag = in.readByte();
                if (tag == NEVER_HANDED_OVER_TAG) {
                    handedOverAt = NEVER_HANDED_OVER;
                } else if (tag == HANDED_OVER_TAG) {
                    handedOverAt = in.readLong();
                } else {
                    // Not written by this code: the safe reading is that Kafka may hold it.
                    handedOverAt = HANDED_OVER_AT_UNKNOWN_TIME;
                }
            }
            return new SpooledEvent(sequence, new OutgoingEvent(topic, key, value), handedOverAt);
        } catch (final IOException e) {
            throw new UncheckedIOException("corrupt spool entry", e);
        }
    }

}
