package io.bakery.topology.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A time-ordered secondary index of "last seen" times over another store's keys, so expiry reads only the
 * entries that are due, a bounded batch at a time, instead of scanning the whole store.
 */
public final class ExpiryIndex {

    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> index;

    public ExpiryIndex(final KeyValueStore<Bytes, byte[]> index) {
        this.index = index;
    }

    /** Records that {@code key} was last seen at {@code seenAt} instead of {@code previousSeenAt} (null if new). */
    public void move(final Bytes key, final Long previousSeenAt, final long seenAt) {
        if (previousSeenAt != null) {
            index.delete(StoreKey.timed(previousSeenAt, key));
        }
        index.put(StoreKey.timed(seenAt, key), PRESENT);
    }

    /** Forgets {@code key}, last seen at {@code seenAt}. */
    public void remove(final Bytes key, final long seenAt) {
        index.delete(StoreKey.timed(seenAt, key));
    }

    /** Up to {@code limit} keys last seen before {@code cutoff}, oldest first. */
    public List<KeyValue<Long, Bytes>> due(final long cutoff, final int limit) {
        final List<KeyValue<Long, Bytes>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = index.range(StoreKey.timeBound(Long.MIN_VALUE), StoreKey.timeBound(cutoff))) {
            while (it.hasNext() && due.size() < limit) {
                final Bytes timed = it.next().key;
                final long time = StoreKey.time(timed);
                if (time >= cutoff) {
                    break;
                }
                due.add(KeyValue.pair(time, StoreKey.indexed(timed)));
            }
        }
        return due;
    }
}
