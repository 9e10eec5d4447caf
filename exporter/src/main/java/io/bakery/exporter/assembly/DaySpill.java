package io.bakery.exporter.assembly;

import io.bakery.schemas.avro.DeltaRow;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of one client-day on local disk while its end markers come in, so the exporter's heap does not grow
 * with the size of a day. A transient work file, not a wire format: per row the cookie id, the number of record
 * ids and each record id, every string as its UTF-8 length and bytes. Rows read back in the order they were
 * appended. The file holds DMP cookie ids and CRM record ids (no plaintext PII) and is private to its owner.
 */
public final class DaySpill implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private DataOutputStream out;
    private long rows;
    private boolean deleted;

    /** A spill appending to {@code file}, which exists and is empty ({@link SpillFolder#create}). */
    DaySpill(final Path file) {
        this.file = file;
    }

    /** Appends one row. */
    public void append(final DeltaRow row) throws IOException {
        if (out == null) {
            out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND), BUFFER));
        }
        writeString(out, row.getDmpCookieId());
        final List<String> recordIds = row.getRecordIds();
        out.writeInt(recordIds.size());
        for (final String recordId : recordIds) {
            writeString(out, recordId);
        }
        rows++;
    }

    /** How many rows were appended. */
    public long rows() {
        return rows;
    }

    /**
     * Writes out buffered rows and closes the file until the next append: a day that waits long for its markers
     * then holds neither a buffer nor a file handle.
     */
    public void release() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** The rows so far, in append order, for one pass; close the reader when done. */
    public Reader read() throws IOException {
        release();
        return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER)), rows);
    }

    /** Where the rows are. */
    public Path file() {
        return file;
    }

    /** Deletes the file; the spill is not used afterwards. */
    @Override
    public void close() throws IOException {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            release();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void writeString(final DataOutputStream out, final String value) throws IOException {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(final DataInputStream in) throws IOException {
        final byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * One pass over a spill's rows. Iterating throws {@link UncheckedIOException} around the {@link IOException}
     * when the file cannot be read: an {@link Iterator} cannot throw a checked exception.
     */
    public static final class Reader implements Iterable<DeltaRow>, Closeable {

        private final DataInputStream in;
        private final long rows;
        private boolean iterated;

        private Reader(final DataInputStream in, final long rows) {
            this.in = in;
            this.rows = rows;
        }

        @Override
        public Iterator<DeltaRow> iterator() {
            if (iterated) {
                throw new IllegalStateException("a spill reader reads once");
            }
            iterated = true;
            return new Iterator<>() {
                private long read;

                @Override
                public boolean hasNext() {
                    return read < rows;
                }

                @Override
                public DeltaRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    try {
                        final String cookie = readString(in);
                        final int count = in.readInt();
                        final List<String> recordIds = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            recordIds.add(readString(in));
                        }
                        read++;
                        return new DeltaRow(cookie, recordIds);
                    } catch (final EOFException e) {
                        throw new UncheckedIOException("spill file ends after " + read + " of " + rows + " rows", e);
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
