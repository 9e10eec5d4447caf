package io.bakery.gateway.crm;

import io.bakery.schemas.avro.IdentifierType;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a hashed CRM CSV: a header with {@code record_id} and identifier columns ({@code email_sha256},
 * {@code email_canonical_sha256}, {@code phone_sha256}, {@code address_sha256}; a type may repeat), then rows.
 */
public final class CsvUploadReader implements UploadRowReader {

    private final CsvRecordReader csv;
    private final int recordIdColumn;
    private final int columnCount;
    private final List<IdentifierType> columnTypes;
    private final List<Integer> identifierColumns;

    /** Reads and checks the header; {@code needsIdentifiers} is false for remove uploads. */
    public CsvUploadReader(final Reader body, final int maxRowChars, final boolean needsIdentifiers)
            throws IOException {
        this.csv = new CsvRecordReader(body, maxRowChars);
        if (!csv.next()) {
            throw new UnusableUploadException("the body is empty: a header row is required");
        }
        if (csv.tooLong()) {
            throw new UnusableUploadException("the header row is longer than " + maxRowChars + " characters");
        }
        final List<String> header = List.copyOf(csv.fields());
        int recordId = -1;
        final List<IdentifierType> types = new ArrayList<>();
        final List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            final String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            final Optional<IdentifierType> type = IdentifierColumn.type(name);
            if (IdentifierColumn.RECORD_ID.equals(name)) {
                if (recordId >= 0) {
                    throw new UnusableUploadException("the header names record_id twice");
                }
                recordId = i;
                types.add(null);
            } else if (type.isPresent()) {
                types.add(type.get());
                columns.add(i);
            } else {
                throw new UnusableUploadException("unknown column '" + abbreviate(name) + "' (column " + (i + 1)
                        + "); allowed: record_id, email_sha256, email_canonical_sha256, phone_sha256, address_sha256"
                        + " (hash plaintext first, e.g. with `bakery hash`)");
            }
        }
        if (recordId < 0) {
            throw new UnusableUploadException("the header has no record_id column (delimiter detected: '"
                    + printable(csv.delimiter()) + "')");
        }
        if (needsIdentifiers && columns.isEmpty()) {
            throw new UnusableUploadException("the header has no identifier column");
        }
        this.recordIdColumn = recordId;
        this.columnCount = header.size();
        this.columnTypes = types;
        this.identifierColumns = columns;
    }

    @Override
    public UploadRow next() throws IOException {
        if (!csv.next()) {
            return null;
        }
        final long row = csv.recordNumber();
        if (csv.tooLong()) {
            return UploadRow.unreadable(row, RowRejection.ROW_TOO_LONG);
        }
        final List<String> fields = csv.fields();
        if (fields.size() != columnCount) {
            return UploadRow.unreadable(row, RowRejection.WRONG_COLUMN_COUNT);
        }
        final List<IdentifierType> types = new ArrayList<>(identifierColumns.size());
        final List<String> cells = new ArrayList<>(identifierColumns.size());
        for (final int column : identifierColumns) {
            types.add(columnTypes.get(column));
            cells.add(fields.get(column));
        }
        return new UploadRow(row, fields.get(recordIdColumn), types, cells, null);
    }

    private static String abbreviate(final String name) {
        return name.length() > 40 ? name.substring(0, 40) + "…" : name;
    }

    private static String printable(final char delimiter) {
        return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
    }
}
