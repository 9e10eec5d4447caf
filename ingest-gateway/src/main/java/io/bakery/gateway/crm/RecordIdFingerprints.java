package io.bakery.gateway.crm;

/**
 * The record ids seen so far in one upload, for the duplicate check, in bounded memory: each id is kept only as a
 * 64-bit fingerprint in open-addressing tables (about 12 bytes per id on average; 10M ids ≈ 120 MB). The set is
 * split into 256 tables that grow one at a time, so growing never needs twice the memory.
 *
 * <p>Trade-off: two different ids with the same 64-bit fingerprint would make the second one a false
 * {@code DUPLICATE_RECORD_ID}. For n ids the chance of any such collision is about n²/2⁶⁵: 3·10⁻⁶ for 10M ids.
 * The row is reported, never silently lost, so the client can see and re-send it.
 */
public final class RecordIdFingerprints {

    private static final int SHARDS = 256;
    private static final int INITIAL_CAPACITY = 1024;
    /** Zero marks an empty slot; a real fingerprint of zero is stored as this value instead. */
    private static final long ZERO_STAND_IN = 0x9E3779B97F4A7C15L;

    private final long[][] tables = new long[SHARDS][];
    private final int[] sizes = new int[SHARDS];
    private long size;

    public RecordIdFingerprints() {
        for (int i = 0; i < SHARDS; i++) {
            tables[i] = new long[INITIAL_CAPACITY];
        }
    }

    /** Adds the id; false if it (or an id with the same fingerprint) was already there. */
    public boolean add(final String recordId) {
        long fingerprint = fingerprint(recordId);
        if (fingerprint == 0) {
            fingerprint = ZERO_STAND_IN;
        }
        final int shard = (int) (fingerprint >>> 56);
        long[] table = tables[shard];
        if (sizes[shard] * 4L >= table.length * 3L) {
            table = grow(shard);
        }
        final int mask = table.length - 1;
        int slot = (int) mix(fingerprint) & mask;
        while (table[slot] != 0) {
            if (table[slot] == fingerprint) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = fingerprint;
        sizes[shard]++;
        size++;
        return true;
    }

    /** How many distinct ids were added. */
    public long size() {
        return size;
    }

    private long[] grow(final int shard) {
        final long[] old = tables[shard];
        final long[] table = new long[old.length * 2];
        final int mask = table.length - 1;
        for (final long value : old) {
            if (value != 0) {
                int slot = (int) mix(value) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = value;
            }
        }
        tables[shard] = table;
        return table;
    }

    /**
     * FNV-1a over the UTF-16 characters (the same as over the bytes for an ASCII id, without encoding the id
     * first), then a 64-bit finalizer so that all bits depend on every character.
     */
    static long fingerprint(final String recordId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < recordId.length(); i++) {
            hash ^= recordId.charAt(i);
            hash *= 0x100000001b3L;
        }
        return mix(hash);
    }

    private static long mix(final long value) {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
