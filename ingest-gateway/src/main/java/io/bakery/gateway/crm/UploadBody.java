package io.bakery.gateway.crm;

import io.bakery.schemas.normalize.Sha256;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * An upload body as a stream of UTF-8 text: counted and checksummed as received, gzip-decoded when so encoded,
 * and cut off at the size limit both before and after decoding (so a small gzip bomb cannot grow unbounded).
 */
public final class UploadBody implements Closeable {

    /** The body is larger than the configured limit. */
    public static final class TooLargeException extends IOException {
        TooLargeException(final long limit) {
            super("the body is larger than " + limit + " bytes");
        }
    }

    /** What was received: sizes and the SHA-256 of the bytes as sent. */
    public record Summary(long receivedBytes, long decodedBytes, String sha256) {}

    private final CountingStream received;
    private final ReadAheadInputStream readAhead;
    private final CountingStream decoded;
    private final Reader reader;

    private UploadBody(final CountingStream received, final ReadAheadInputStream readAhead, final long maxBytes) {
        this.received = received;
        this.readAhead = readAhead;
        this.decoded = new CountingStream(readAhead, maxBytes, null);
        this.reader = new InputStreamReader(decoded, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * Wraps the raw request body; {@code gzip} when the request says {@code Content-Encoding: gzip}. Receiving,
     * checksumming and inflating run a few chunks ahead on a thread of their own ({@link ReadAheadInputStream});
     * close the body when done with it, to stop that thread.
     */
    public static UploadBody open(final InputStream raw, final boolean gzip, final long maxBytes) throws IOException {
        final CountingStream received = new CountingStream(raw, maxBytes, Sha256.newDigest());
        if (!gzip) {
            return new UploadBody(received, new ReadAheadInputStream(received), Long.MAX_VALUE);
        }
        // The gzip header is read here, so that a body that is not gzip at all is refused before any row.
        final GZIPInputStream inflated = new GZIPInputStream(received, 1 << 16);
        return new UploadBody(received, new ReadAheadInputStream(inflated), maxBytes);
    }

    /** The decoded body as UTF-8 text (malformed UTF-8 raises an error). */
    public Reader reader() {
        return reader;
    }

    /** Reads whatever is left (so the checksum covers the whole body) and sums up. */
    public Summary finish() throws IOException {
        final byte[] skip = new byte[1 << 16];
        while (decoded.read(skip) >= 0) {
            // The rest is not parsed; it only has to be counted and checksummed.
        }
        return new Summary(received.count, decoded.count, Sha256.hex(received.digest.digest()));
    }

    /** Stops reading ahead; the raw stream stays open (its opener closes it). */
    @Override
    public void close() {
        readAhead.close();
    }

    /** Counts, optionally digests, and limits the bytes that pass. */
    private static final class CountingStream extends FilterInputStream {
        private final long limit;
        private final MessageDigest digest;
        private long count;

        CountingStream(final InputStream in, final long limit, final MessageDigest digest) {
            super(in);
            this.limit = limit;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            final int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new TooLargeException(limit);
                }
                if (digest != null) {
                    digest.update(b, off, n);
                }
            }
            return n;
        }

        @Override
        public long skip(final long n) throws IOException {
            final byte[] buffer = new byte[(int) Math.min(n, 8192)];
            final int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }
    }
}
