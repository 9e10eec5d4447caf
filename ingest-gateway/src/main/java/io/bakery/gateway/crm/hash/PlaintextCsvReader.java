package io.bakery.gateway.crm.hash;

import io.bakery.gateway.crm.CsvRecordReader;
import io.bakery.gateway.crm.RecordIdFingerprints;
import io.bakery.gateway.crm.RowRejection;
import io.bakery.schemas.normalize.AddressFields;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Reads a plaintext CRM CSV one row at a time and hashes each row (spec v1, via {@link PlaintextRowHasher}): the
 * row's hashed record, or why it was rejected. Shared by {@code bakery hash} (which writes a hashed file) and the
 * CRM pull (which produces the records). Rows are checked as the upload API checks them: as many cells as the
 * header, record id present and not too long, not seen before in the file.
 *
 * <p>Hashing is most of the work (libphonenumber alone is more than half), so rows are hashed ahead of the caller
 * on {@link HashingThreads}, in chunks of {@value #CHUNK_ROWS}; the caller still gets them one at a time, in file
 * order, and the duplicate check runs in that order on the caller's thread, so the outcome of every row is what a
 * one-row-at-a-time reader would give. At most a few chunks are read ahead (a bounded amount of memory whatever
 * the file's size); plaintext lives only in those chunks' cells, in memory.
 */
public final class PlaintextCsvReader {

    /** Rows hashed as one task: large enough that handing a task over costs little next to hashing it. */
    static final int CHUNK_ROWS = 512;
    /** Chunks read ahead of the caller: enough to keep every hashing thread busy while the caller catches up. */
    private static final int CHUNKS_AHEAD = 2 * HashingThreads.COUNT + 1;

    private final CsvRecordReader csv;
    private final PlaintextColumns columns;
    private final PlaintextRowHasher hasher;
    private final RecordIdFingerprints seen = new RecordIdFingerprints();
    private final ArrayDeque<Future<HashedChunk>> ahead = new ArrayDeque<>();
    private boolean endOfInput;
    private HashedChunk chunk;
    private int index;
    private long rowNumber;
    private HashedRecord record;
    private Enum<?> rejection;

    /**
     * Reads and maps the header row.
     *
     * @param defaultCountry ISO 3166 alpha-2 country for phones without a country code and addresses without a
     *     country; null for none
     * @param namedColumns header names for fields the header does not name in a recognized way
     * @throws UnusableInputException if the input is empty or the header cannot be mapped
     */
    public PlaintextCsvReader(final Reader plaintext, final int maxRowChars, final String defaultCountry,
                              final Map<PlaintextField, String> namedColumns, final int maxRecordIdChars)
            throws IOException {
        this.csv = new CsvRecordReader(plaintext, maxRowChars);
        if (!csv.next()) {
            throw new UnusableInputException("the input is empty: a header row is required");
        }
        if (csv.tooLong()) {
            throw new UnusableInputException("the header row is longer than " + maxRowChars + " characters");
        }
        this.columns = PlaintextColumns.of(List.copyOf(csv.fields()), namedColumns);
        if (columns.hasAddress() && !columns.has(PlaintextField.COUNTRY) && defaultCountry == null) {
            throw new UnusableInputException("addresses need a country column or a default country");
        }
        this.hasher = new PlaintextRowHasher(defaultCountry, maxRecordIdChars);
    }

    /** How the header was mapped. */
    public PlaintextColumns columns() {
        return columns;
    }

    /** Reads and hashes the next row; false at the end of the input. */
    public boolean next() throws IOException {
        while (chunk == null || index == chunk.size()) {
            readAhead();
            if (ahead.isEmpty()) {
                return false;
            }
            chunk = await(ahead.poll());
            index = 0;
        }
        rowNumber = chunk.rowNumbers[index];
        record = null;
        rejection = chunk.rejections[index];
        if (rejection == null) {
            final HashedRecord hashed = chunk.records[index];
            if (seen.add(hashed.recordId())) {
                record = hashed;
            } else {
                rejection = RowRejection.DUPLICATE_RECORD_ID;
            }
        }
        chunk.records[index] = null;
        index++;
        return true;
    }

    /** The current row's number in the file (header = row 1, blank lines counted). */
    public long rowNumber() {
        return rowNumber;
    }

    /** The current row hashed, or null when it was rejected. */
    public HashedRecord record() {
        return record;
    }

    /** Why the current row was rejected (a {@link RowRejection} or a spec rejection), or null. */
    public Enum<?> rejection() {
        return rejection;
    }

    /** Reads chunks and hands them to the hashing threads until enough are ahead or the input ends. */
    private void readAhead() throws IOException {
        while (!endOfInput && ahead.size() < CHUNKS_AHEAD) {
            final PlaintextChunk rows = new PlaintextChunk(CHUNK_ROWS);
            while (rows.size() < CHUNK_ROWS && csv.next()) {
                if (csv.tooLong()) {
                    rows.rejected(csv.recordNumber(), RowRejection.ROW_TOO_LONG);
                } else if (csv.fields().size() != columns.width()) {
                    rows.rejected(csv.recordNumber(), RowRejection.WRONG_COLUMN_COUNT);
                } else {
                    rows.add(csv.recordNumber(), record(csv.fields()));
                }
            }
            endOfInput = rows.size() < CHUNK_ROWS;
            if (rows.size() > 0) {
                ahead.add(HashingThreads.pool().submit(() -> rows.hash(hasher)));
            }
        }
    }

    private static HashedChunk await(final Future<HashedChunk> hashed) throws IOException {
        try {
            return hashed.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while rows were hashed");
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("hashing a chunk of rows failed", e.getCause());
        }
    }

    private PlaintextRecord record(final List<String> fields) {
        final AddressFields address = columns.hasAddress()
                ? new AddressFields(columns.cell(fields, PlaintextField.COUNTRY),
                        columns.cell(fields, PlaintextField.POSTCODE), columns.cell(fields, PlaintextField.HOUSE_NUMBER),
                        columns.cell(fields, PlaintextField.ADDITION))
                : null;
        return new PlaintextRecord(columns.cell(fields, PlaintextField.RECORD_ID),
                columns.cell(fields, PlaintextField.EMAIL), columns.cell(fields, PlaintextField.PHONE), address);
    }

    /** Rows read but not hashed yet: plaintext records, or rejections found while reading. */
    private static final class PlaintextChunk {
        private final long[] rowNumbers;
        private final PlaintextRecord[] plaintext;
        private final Enum<?>[] rejections;
        private int size;

        PlaintextChunk(final int capacity) {
            this.rowNumbers = new long[capacity];
            this.plaintext = new PlaintextRecord[capacity];
            this.rejections = new Enum<?>[capacity];
        }

        int size() {
            return size;
        }

        void add(final long rowNumber, final PlaintextRecord record) {
            rowNumbers[size] = rowNumber;
            plaintext[size++] = record;
        }

        void rejected(final long rowNumber, final Enum<?> reason) {
            rowNumbers[size] = rowNumber;
            rejections[size++] = reason;
        }

        /** Runs on a hashing thread; the plaintext is dropped as each row is hashed. */
        HashedChunk hash(final PlaintextRowHasher hasher) {
            final HashedRecord[] records = new HashedRecord[size];
            for (int i = 0; i < size; i++) {
                if (rejections[i] == null) {
                    final PlaintextRowHasher.Outcome outcome = hasher.hash(plaintext[i]);
                    plaintext[i] = null;
                    records[i] = outcome.record();
                    rejections[i] = outcome.rejection();
                }
            }
            return new HashedChunk(size, rowNumbers, records, rejections);
        }
    }

    /** A chunk after hashing: per row, its number and either its hashed record or why it was rejected. */
    private record HashedChunk(int size, long[] rowNumbers, HashedRecord[] records, Enum<?>[] rejections) { }
}
