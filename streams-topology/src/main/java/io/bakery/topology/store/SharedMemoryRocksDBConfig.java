package io.bakery.topology.store;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all RocksDB stores of one Kafka Streams instance ({@link RocksDBMemory}): every
 * store reads through one shared LRU block cache, and its write buffers are charged to that cache through one
 * shared write buffer manager, so the instance's RocksDB memory stays near the cache size however many tasks and
 * stores it holds. Without it every store of every task has its own 50 MiB cache and three 16 MiB write buffers.
 *
 * <p>Index and filter blocks live in the cache too (otherwise they sit outside any bound, and grow with the data),
 * in its high-priority part so data blocks do not push them out, with the top level of each index and filter
 * pinned. The table config is the one Kafka Streams made, so its Bloom filter and block size stay, and the filter
 * is kept on the last level too (see {@link #setConfig}).
 *
 * <p>Kafka Streams creates one setter per store and calls {@link #close} when that store closes. The cache and
 * the write buffer manager belong to the instance (its state directory and application id) and are closed when
 * its last open store closes. That is safe while the store's database is still open (Kafka Streams calls
 * {@code close} just before closing it): each database holds its own native reference to both, and the Java
 * handles only let new stores share them.
 */
public final class SharedMemoryRocksDBConfig implements RocksDBConfigSetter {

    /** The share of the cache kept for index and filter blocks (RocksDB's high-priority pool). */
    static final double INDEX_AND_FILTER_SHARE = 0.1;

    private static final Map<String, Shared> INSTANCES = new HashMap<>();

    private Shared shared;

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        // Everything that can fail comes before the acquire: a store whose setConfig throws is never closed.
        final RocksDBMemory memory = RocksDBMemory.from(configs);
        final BlockBasedTableConfigWithAccessibleCache table =
                (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
        shared = acquire(instanceOf(configs), memory);
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        // Kafka Streams set the table config before calling here: set it again so the changes take effect.
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers);
        // Kafka Streams leaves the last level without Bloom filters, which only pays when lookups find their key.
        // Here most do not: every sync hit of a new pair, and every first hit of a cookie, looks up absent keys, and
        // the last level holds most of the data, so each such miss read an index and a data block. The filters are
        // about 10 bits per key, in the cache with the rest.
        options.setOptimizeFiltersForHits(false);
    }

    @Override
    public void close(final String storeName, final Options options) {
        if (shared != null) {
            release(shared);
            shared = null;
        }
    }

    /** The cache that stores of the instance named by {@code configs} share now, or null: for tests. */
    static Cache cacheOf(final Map<String, ?> configs) {
        synchronized (INSTANCES) {
            final Shared shared = INSTANCES.get(instanceOf(configs));
            return shared == null ? null : shared.cache;
        }
    }

    private static String instanceOf(final Map<String, ?> configs) {
        return configs.get(StreamsConfig.STATE_DIR_CONFIG) + "\0" + configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    private static Shared acquire(final String instance, final RocksDBMemory memory) {
        synchronized (INSTANCES) {
            final Shared shared = INSTANCES.computeIfAbsent(instance, key -> new Shared(key, memory));
            shared.stores++;
            return shared;
        }
    }

    private static void release(final Shared shared) {
        synchronized (INSTANCES) {
            if (--shared.stores == 0) {
                INSTANCES.remove(shared.instance);
                shared.writeBuffers.close();
                shared.cache.close();
            }
        }
    }

    /** The cache and write buffer manager of one instance, and how many of its stores are open. */
    private static final class Shared {
        final String instance;
        final Cache cache;
        final WriteBufferManager writeBuffers;
        int stores;

        Shared(final String instance, final RocksDBMemory memory) {
            this.instance = instance;
            // Shard bits -1: RocksDB's choice; no strict limit (a full cache evicts instead of failing reads).
            this.cache = new LRUCache(memory.blockCacheBytes(), -1, false, INDEX_AND_FILTER_SHARE);
            this.writeBuffers = new WriteBufferManager(memory.writeBufferBytes(), cache);
        }
    }
}
