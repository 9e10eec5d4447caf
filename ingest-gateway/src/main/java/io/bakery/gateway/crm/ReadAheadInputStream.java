package io.bakery.gateway.crm;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads its source on a thread of its own, a few chunks ahead of the caller: for an upload body that thread
 * receives the request, checksums it and inflates the gzip (the largest single cost of reading an upload), while the
 * upload's thread parses and validates the rows already inflated. Bytes come out in order; an error of the source
 * is thrown to the caller where it happened in the stream, as the same exception.
 *
 * <p>{@link #close()} stops the reading thread (at its next chunk) without closing the source: whoever opened the
 * source still owns it. At most {@value #CHUNKS_AHEAD} chunks of {@value #CHUNK_BYTES} bytes are held.
 */
final class ReadAheadInputStream extends InputStream {

    static final int CHUNK_BYTES = 1 << 16;
    static final int CHUNKS_AHEAD = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How often a reader blocked on a full queue looks whether the stream was closed meanwhile. */
    private static final long CLOSED_CHECK_MILLIS = 200;

    /** One step of the source: bytes, its end, or its failure. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {
        static final Chunk END = new Chunk(new byte[0], -1, null);
    }

    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    ReadAheadInputStream(final InputStream source) {
        this.reader = new Thread(() -> readAll(source), "upload-read-ahead-" + THREADS.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll(final InputStream source) {
        while (!closed) {
            final byte[] bytes = new byte[CHUNK_BYTES];
            int length = 0;
            int read = 0;
            Chunk last = null;
            try {
                while (length < bytes.length && (read = source.read(bytes, length, bytes.length - length)) >= 0) {
                    length += read;
                }
                if (read < 0) {
                    last = Chunk.END;
                }
            } catch (final IOException | RuntimeException e) {
                last = new Chunk(null, 0, e);
            }
            // The bytes read before an end or a failure come out first, so the failure shows where it happened.
            if (length > 0 && !hand(new Chunk(bytes, length, null))) {
                return;
            }
            if (last != null) {
                hand(last);
                return;
            }
        }
    }

    /** Queues a chunk, waiting while the caller is behind; false if the stream was closed meanwhile. */
    private boolean hand(final Chunk chunk) {
        try {
            while (!closed) {
                if (chunks.offer(chunk, CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        if (!nextBytes()) {
            return -1;
        }
        return current.bytes()[position++] & 0xff;
    }

    @Override
    public int read(final byte[] target, final int offset, final int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!nextBytes()) {
            return -1;
        }
        final int n = Math.min(length, current.length() - position);
        System.arraycopy(current.bytes(), position, target, offset, n);
        position += n;
        return n;
    }

    /** Whether bytes are left, waiting for the next chunk when the current one is used up; false at the end. */
    private boolean nextBytes() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        while (current == null || position >= current.length()) {
            if (current == Chunk.END) {
                return false;
            }
            try {
                current = chunks.take();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the body was read");
            }
            position = 0;
            if (current.failure() != null) {
                final Throwable failure = current.failure();
                current = Chunk.END;
                throw rethrown(failure);
            }
        }
        return true;
    }

    private static IOException rethrown(final Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        throw (RuntimeException) failure;
    }

    @Override
    public void close() {
        closed = true;
        chunks.clear();
    }
}
