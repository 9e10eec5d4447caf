package io.bakery.topology.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads every entry under a {@link StoreKey} prefix into a list first, so callers may change the store while
 * they go through the result (changing a store under an open iterator is not safe).
 */
public final class PrefixScan {

    private static final BytesSerializer PREFIX_SERIALIZER = new BytesSerializer();

    private PrefixScan() {}

    /** Every entry whose key starts with the components {@code prefix}, as (key components, value). */
    public static <V> List<KeyValue<List<String>, V>> entries(final KeyValueStore<Bytes, V> store, final String... prefix) {
        final List<KeyValue<List<String>, V>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, V> it = store.prefixScan(StoreKey.of(prefix), PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                final KeyValue<Bytes, V> next = it.next();
                entries.add(KeyValue.pair(StoreKey.parts(next.key), next.value));
            }
        }
        return entries;
    }

    /** Whether any key starts with the components {@code prefix}. */
    public static boolean any(final KeyValueStore<Bytes, ?> store, final String... prefix) {
        try (KeyValueIterator<Bytes, ?> it = store.prefixScan(StoreKey.of(prefix), PREFIX_SERIALIZER)) {
            return it.hasNext();
        }
    }
}
