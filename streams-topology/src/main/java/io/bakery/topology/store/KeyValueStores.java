package io.bakery.topology.store;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds the topology's state stores: persistent (RocksDB), changelogged, keyed by {@link StoreKey} bytes. */
public final class KeyValueStores {

    private KeyValueStores() {}

    /** A persistent, changelogged store named {@code name} with values in {@code valueSerde}. */
    public static <V> StoreBuilder<KeyValueStore<Bytes, V>> persistent(final String name, final Serde<V> valueSerde) {
        // Logging is the default; said explicitly because a store without a changelog would lose state on
        // fail-over and break exactly-once.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), valueSerde)
                .withLoggingEnabled(java.util.Map.of());
    }

    /** A persistent, changelogged set of keys (the value is always empty). */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> keySet(final String name) {
        return persistent(name, Serdes.ByteArray());
    }
}
