package io.bakery.topology.store;

import java.util.Map;
import java.util.Properties;

/**
 * How much off-heap memory all RocksDB stores of one topology instance may use together, whatever the number of
 * tasks and stores: one block cache of {@code blockCacheBytes} for every store's data, index and filter blocks,
 * and within it at most {@code writeBufferBytes} of write buffers (memtables). {@link SharedMemoryRocksDBConfig}
 * applies it; the sizes travel in the Streams config under {@link #BLOCK_CACHE_BYTES_CONFIG} and
 * {@link #WRITE_BUFFER_BYTES_CONFIG}.
 *
 * @param blockCacheBytes the one LRU cache shared by every store of the instance; the write buffers count in it
 * @param writeBufferBytes the write buffers of every store together, charged to the block cache; when they are
 *     full the largest memtable is flushed
 */
public record RocksDBMemory(long blockCacheBytes, long writeBufferBytes) {

    public static final String BLOCK_CACHE_BYTES_CONFIG = "bakery.rocksdb.block.cache.bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "bakery.rocksdb.write.buffer.bytes";

    /**
     * 512 MiB in all. Kafka Streams' default gives every store of every task its own 50 MiB cache and up to three
     * 16 MiB write buffers, about 100 MiB each: the topology's dozen stores over six partitions could take 7 GiB.
     */
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 512L << 20;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 128L << 20;
    /** Below this the shared write buffers would flush a tiny memtable on almost every write. */
    public static final long MIN_WRITE_BUFFER_BYTES = 1L << 20;

    public RocksDBMemory {
        if (writeBufferBytes < MIN_WRITE_BUFFER_BYTES) {
            throw new IllegalArgumentException("RocksDB write buffer size (" + WRITE_BUFFER_BYTES_CONFIG
                    + ") must be at least " + MIN_WRITE_BUFFER_BYTES + " bytes, was " + writeBufferBytes);
        }
        if (blockCacheBytes <= writeBufferBytes) {
            throw new IllegalArgumentException("RocksDB block cache size (" + BLOCK_CACHE_BYTES_CONFIG + ", "
                    + blockCacheBytes + " bytes) must be larger than the write buffer size ("
                    + WRITE_BUFFER_BYTES_CONFIG + ", " + writeBufferBytes
                    + " bytes): the write buffers are counted in the block cache");
        }
    }

    /** 512 MiB block cache holding up to 128 MiB of write buffers. */
    public static RocksDBMemory defaults() {
        return new RocksDBMemory(DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_WRITE_BUFFER_BYTES);
    }

    /**
     * The sizes in a Streams config map (values as numbers or decimal strings); a size that is absent takes its
     * default.
     *
     * @throws IllegalArgumentException if a size is not a whole number or the sizes are not valid together
     */
    public static RocksDBMemory from(final Map<String, ?> configs) {
        return new RocksDBMemory(size(configs, BLOCK_CACHE_BYTES_CONFIG, DEFAULT_BLOCK_CACHE_BYTES),
                size(configs, WRITE_BUFFER_BYTES_CONFIG, DEFAULT_WRITE_BUFFER_BYTES));
    }

    /** Writes the sizes into Streams properties, where {@link SharedMemoryRocksDBConfig} reads them. */
    public void putInto(final Properties props) {
        props.put(BLOCK_CACHE_BYTES_CONFIG, Long.toString(blockCacheBytes));
        props.put(WRITE_BUFFER_BYTES_CONFIG, Long.toString(writeBufferBytes));
    }

    private static long size(final Map<String, ?> configs, final String name, final long fallback) {
        final Object value = configs.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of bytes, was '" + value + "'", e);
        }
    }
}
