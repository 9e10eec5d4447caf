package io.bakery.topology.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Expiry without a time index, for a store whose values are last-seen times: each run walks the next
 * {@code batch} entries from a cursor that wraps around and returns the keys that are due. An entry goes at most
 * one full walk after its time to live; in exchange a hit writes only its own entry, never an index entry (or an
 * index delete and put) beside it, and the store holds no second copy of every key.
 */
public final class ExpiryWalk {

    private final KeyValueStore<Bytes, Long> store;
    private final int batch;
    /** Where the next run goes on; null: from the start. Not kept over restarts: a restart only walks again. */
    private Bytes cursor;

    public ExpiryWalk(final KeyValueStore<Bytes, Long> store, final int batch) {
        this.store = store;
        this.batch = batch;
    }

    /**
     * The keys last seen before {@code cutoff} among the next {@code batch} entries. The caller removes them after
     * this returns: changing a store under an open iterator is not safe.
     */
    public List<Bytes> nextDue(final long cutoff) {
        final List<Bytes> due = new ArrayList<>();
        Bytes next = null;
        try (KeyValueIterator<Bytes, Long> it = store.range(cursor, null)) {
            for (int visited = 0; it.hasNext(); visited++) {
                final KeyValue<Bytes, Long> entry = it.next();
                if (visited == batch) {
                    next = entry.key;
                    break;
                }
                if (entry.value < cutoff) {
                    due.add(entry.key);
                }
            }
        }
        cursor = next;
        return due;
    }
}
