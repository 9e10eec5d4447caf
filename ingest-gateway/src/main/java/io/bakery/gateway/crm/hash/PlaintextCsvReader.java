package io.bakery.gateway.crm.hash;

import io.bakery.gateway.crm.CsvRecordReader;
import io.bakery.gateway.crm.RecordIdFingerprints;
import io.bakery.gateway.crm.RowRejection;
import io.bakery.schemas.normalize.AddressFields;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;

/**
 * Reads a plaintext CRM CSV one row at a time and hashes each row as it is read (spec v1, via
 * {@link PlaintextRowHasher}): the row's hashed record, or why it was rejected. Shared by {@code bakery hash}
 * (which writes a hashed file) and the CRM pull (which produces the records); plaintext lives only in the
 * current row's cells. Rows are checked as the upload API checks them: as many cells as the header, record id
 * present and not too long, not seen before in the file.
 */
public final class PlaintextCsvReader {

    private final CsvRecordReader csv;
    private final PlaintextColumns columns;
    private final PlaintextRowHasher hasher;
    private final RecordIdFingerprints seen = new RecordIdFingerprints();
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
        if (!csv.next()) {
            return false;
        }
        record = null;
        rejection = null;
        if (csv.tooLong()) {
            rejection = RowRejection.ROW_TOO_LONG;
            return true;
        }
        final List<String> fields = csv.fields();
        if (fields.size() != columns.width()) {
            rejection = RowRejection.WRONG_COLUMN_COUNT;
            return true;
        }
        final PlaintextRowHasher.Outcome outcome = hasher.hash(record(fields));
        if (outcome.rejection() != null) {
            rejection = outcome.rejection();
        } else if (!seen.add(outcome.record().recordId())) {
            rejection = RowRejection.DUPLICATE_RECORD_ID;
        } else {
            record = outcome.record();
        }
        return true;
    }

    /** The current row's number in the file (header = row 1, blank lines counted). */
    public long rowNumber() {
        return csv.recordNumber();
    }

    /** The current row hashed, or null when it was rejected. */
    public HashedRecord record() {
        return record;
    }

    /** Why the current row was rejected (a {@link RowRejection} or a spec rejection), or null. */
    public Enum<?> rejection() {
        return rejection;
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
}
