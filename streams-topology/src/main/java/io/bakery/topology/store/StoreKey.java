package io.bakery.topology.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/**
 * The byte layout of every state-store key in the topology: each component is preceded by an unsigned varint
 * header, {@code length << 1 | packed}, so the encoding of the first {@code k} components is a byte prefix of the
 * whole key. That is what {@code prefixScan} needs: "every cookie of this client and Bakery id" is one prefix.
 *
 * <p>A component of lower-case hex digits of even length (a Bakery id, most DMP cookie ids, every hash) is packed
 * as the bytes it spells, half its length ({@code packed} = 1); any other component is its UTF-8 bytes. The keys
 * are most of what the stores hold per sync pair, so this halves the largest part of the state on disk. Decoding
 * gives back the exact string either way.
 *
 * <p>Time-ordered keys (expiry indexes) start with an 8-byte big-endian time whose sign bit is flipped, so byte
 * order is time order. Changing this layout changes what existing changelogs mean: it is a migration.
 */
public final class StoreKey {

    private static final int TIME_BYTES = Long.BYTES;
    private static final HexFormat HEX = HexFormat.of();

    private StoreKey() {}

    /** The key made of {@code parts}, in order. */
    public static Bytes of(final String... parts) {
        final byte[][] encoded = new byte[parts.length][];
        final int[] headers = new int[parts.length];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            final boolean packed = isPackableHex(parts[i]);
            encoded[i] = packed ? HEX.parseHex(parts[i]) : parts[i].getBytes(StandardCharsets.UTF_8);
            headers[i] = encoded[i].length << 1 | (packed ? 1 : 0);
            size += varintSize(headers[i]) + encoded[i].length;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(size);
        for (int i = 0; i < parts.length; i++) {
            writeVarint(buffer, headers[i]);
            buffer.put(encoded[i]);
        }
        return Bytes.wrap(buffer.array());
    }

    /** Lower-case hex of even, non-zero length: packing it and formatting the bytes back gives the same string. */
    private static boolean isPackableHex(final String part) {
        final int length = part.length();
        if (length == 0 || (length & 1) != 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final char c = part.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The components of a key made by {@link #of}. */
    public static List<String> parts(final Bytes key) {
        return parts(key.get(), 0);
    }

    /** A time-index key: {@code time} first, then the key it indexes. */
    public static Bytes timed(final long time, final Bytes indexed) {
        final byte[] inner = indexed.get();
        final ByteBuffer buffer = ByteBuffer.allocate(TIME_BYTES + inner.length);
        buffer.putLong(time ^ Long.MIN_VALUE);
        buffer.put(inner);
        return Bytes.wrap(buffer.array());
    }

    /** The smallest time-index key at {@code time}: a range bound. */
    public static Bytes timeBound(final long time) {
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES).putLong(time ^ Long.MIN_VALUE).array());
    }

    /** The time of a key made by {@link #timed}. */
    public static long time(final Bytes timedKey) {
        return ByteBuffer.wrap(timedKey.get()).getLong() ^ Long.MIN_VALUE;
    }

    /** The indexed key inside a key made by {@link #timed}. */
    public static Bytes indexed(final Bytes timedKey) {
        final byte[] all = timedKey.get();
        final byte[] inner = new byte[all.length - TIME_BYTES];
        System.arraycopy(all, TIME_BYTES, inner, 0, inner.length);
        return Bytes.wrap(inner);
    }

    private static List<String> parts(final byte[] bytes, final int offset) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        final List<String> parts = new ArrayList<>(4);
        while (buffer.hasRemaining()) {
            final int header = readVarint(buffer);
            final int length = header >>> 1;
            parts.add((header & 1) == 1
                    ? HEX.formatHex(bytes, buffer.position(), buffer.position() + length)
                    : new String(bytes, buffer.position(), length, StandardCharsets.UTF_8));
            buffer.position(buffer.position() + length);
        }
        return parts;
    }

    private static int varintSize(final int value) {
        int size = 1;
        int rest = value >>> 7;
        while (rest != 0) {
            size++;
            rest >>>= 7;
        }
        return size;
    }

    private static void writeVarint(final ByteBuffer buffer, final int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            buffer.put((byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        buffer.put((byte) rest);
    }

    private static int readVarint(final ByteBuffer buffer) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = buffer.get();
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }
}
