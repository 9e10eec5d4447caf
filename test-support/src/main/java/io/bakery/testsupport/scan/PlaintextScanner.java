package io.bakery.testsupport.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds any of a set of plaintext values (needles) in bytes: record keys and values, store entries, files, log
 * text. Matching is exact on the needles' UTF-8 bytes, so the caller lists every form worth looking for (case,
 * with and without {@code +}); a needle must be at least {@value #MIN_NEEDLE_LENGTH} bytes, as shorter values
 * (a house number) turn up by chance in any binary data.
 */
public final class PlaintextScanner {

    /** Shorter needles would match by chance in compressed or binary bytes. */
    public static final int MIN_NEEDLE_LENGTH = 4;
    private static final int CHUNK = 1 << 20;
    private static final int FILTER_BITS = 1 << 22;

    private final List<String> needles;
    /** Needles by their first four bytes, behind a bit filter, so most positions cost one array read. */
    private final Map<Integer, List<Needle>> byPrefix = new HashMap<>();
    private final long[] filter = new long[FILTER_BITS / 64];
    private final int longest;

    private record Needle(String text, byte[] bytes) {}

    /** A scanner for {@code needles} (duplicates dropped); throws if one is shorter than the minimum. */
    public PlaintextScanner(final Collection<String> needles) {
        final Set<String> unique = new LinkedHashSet<>(needles);
        int max = MIN_NEEDLE_LENGTH;
        for (final String text : unique) {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_NEEDLE_LENGTH) {
                throw new IllegalArgumentException("a needle must be at least " + MIN_NEEDLE_LENGTH
                        + " bytes long, one is " + bytes.length);
            }
            final int prefix = prefix(bytes, 0);
            byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(new Needle(text, bytes));
            final int bit = slot(prefix);
            filter[bit >>> 6] |= 1L << (bit & 63);
            max = Math.max(max, bytes.length);
        }
        this.needles = List.copyOf(unique);
        this.longest = max;
    }

    /** How many distinct needles this scanner looks for. */
    public int needleCount() {
        return needles.size();
    }

    /** Scans {@code bytes} (null is nothing), recording what it finds under {@code where}. */
    public void scan(final byte[] bytes, final String where, final ScanReport.Builder report) {
        if (bytes == null) {
            return;
        }
        search(bytes, bytes.length, bytes.length, where, report);
        report.addBytes(bytes.length);
    }

    /** Scans a stream to its end in chunks (a match across two chunks is found too); does not close it. */
    public void scan(final InputStream in, final String where, final ScanReport.Builder report) throws IOException {
        final int overlap = longest - 1;
        final byte[] buffer = new byte[CHUNK + overlap];
        int length = 0;
        while (true) {
            final int read = in.read(buffer, length, buffer.length - length);
            if (read > 0) {
                length += read;
            }
            final boolean end = read < 0;
            if (!end && length < buffer.length) {
                continue;
            }
            // Matches starting in the overlap are left for the next chunk, which begins with those bytes.
            final int starts = end ? length : length - overlap;
            search(buffer, starts, length, where, report);
            report.addBytes(starts);
            if (end) {
                return;
            }
            System.arraycopy(buffer, starts, buffer, 0, length - starts);
            length -= starts;
        }
    }

    private void search(final byte[] bytes, final int starts, final int length, final String where,
            final ScanReport.Builder report) {
        final int last = Math.min(starts, length - MIN_NEEDLE_LENGTH + 1);
        for (int i = 0; i < last; i++) {
            final int prefix = prefix(bytes, i);
            final int bit = slot(prefix);
            if ((filter[bit >>> 6] & (1L << (bit & 63))) == 0) {
                continue;
            }
            final List<Needle> candidates = byPrefix.get(prefix);
            if (candidates == null) {
                continue;
            }
            for (final Needle needle : candidates) {
                final int end = i + needle.bytes().length;
                if (end <= length && Arrays.equals(bytes, i, end, needle.bytes(), 0, needle.bytes().length)) {
                    report.addFinding(needle.text(), where);
                }
            }
        }
    }

    private static int prefix(final byte[] bytes, final int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
    }

    private static int slot(final int prefix) {
        return (prefix * 0x9E3779B1) >>> 10;
    }
}
