package io.bakery.exporter.format;

import io.bakery.schemas.avro.DeltaRow;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a client-day's delta file to its local staging path, fsynced, and describes it in a {@link Manifest}
 * (rows, size, SHA-256 of the bytes as written). The rows stream through: nothing is held per row.
 */
public final class StagingWriter {

    private static final int BUFFER = 1 << 16;

    private final ExportFormat format;

    public StagingWriter(final ExportFormat format) {
        this.format = format;
    }

    /**
     * Writes {@code rows} ({@code cookies} of them: one per DMP cookie id) as {@code day}'s file, named
     * {@code fileName} at the destination, to {@code staging}, replacing what is there.
     */
    public Manifest write(final ClientDay day, final Iterable<DeltaRow> rows, final long cookies,
            final String fileName, final Path staging) throws IOException {
        Files.createDirectories(staging.getParent());
        final MessageDigest sha256 = sha256();
        final long lines;
        final long[] bytes = new long[1];
        try (OutputStream out = new DigestOutputStream(new Counting(
                new BufferedOutputStream(Files.newOutputStream(staging), BUFFER), bytes), sha256)) {
            lines = new DeltaFileWriter(format).write(day, rows, out);
        }
        try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new Manifest(day.clientId(), day.day().toString(), day.zone().getId(), day.windowStart(),
                day.windowEnd(), format.profile().specId(), fileName, lines, cookies, bytes[0],
                HexFormat.of().formatHex(sha256.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        private final long[] count;

        Counting(final OutputStream out, final long[] count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(final int b) throws IOException {
            out.write(b);
            count[0]++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len);
            count[0] += len;
        }
    }
}
