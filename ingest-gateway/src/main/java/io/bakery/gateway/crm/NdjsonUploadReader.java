package io.bakery.gateway.crm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bakery.schemas.avro.IdentifierType;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a hashed CRM upload as NDJSON: one object per line, {@code {"record_id": "...", "email_sha256": "...",
 * ...}}, identifier fields holding a string, null, or an array of strings. Blank lines are skipped.
 */
public final class NdjsonUploadReader implements UploadRowReader {

    private static final JsonFactory JSON = new JsonFactory();

    private final BoundedLineReader lines;

    public NdjsonUploadReader(final Reader body, final int maxRowChars) {
        this.lines = new BoundedLineReader(body, maxRowChars);
    }

    @Override
    public UploadRow next() throws IOException {
        String line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (!lines.tooLong() && line.isBlank());
        if (lines.tooLong()) {
            return UploadRow.unreadable(lines.lineNumber(), RowRejection.ROW_TOO_LONG);
        }
        try {
            return parse(lines.lineNumber(), line);
        } catch (final IOException e) {
            return UploadRow.unreadable(lines.lineNumber(), RowRejection.BAD_JSON);
        }
    }

    private static UploadRow parse(final long number, final String line) throws IOException {
        String recordId = null;
        final List<IdentifierType> types = new ArrayList<>();
        final List<String> cells = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return UploadRow.unreadable(number, RowRejection.BAD_JSON);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (IdentifierColumn.RECORD_ID.equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        return UploadRow.unreadable(number, value == JsonToken.VALUE_NULL
                                ? RowRejection.MISSING_RECORD_ID : RowRejection.BAD_JSON);
                    }
                    recordId = parser.getText();
                    continue;
                }
                final Optional<IdentifierType> type = IdentifierColumn.type(name);
                if (type.isEmpty()) {
                    return UploadRow.unreadable(number, RowRejection.BAD_JSON);
                }
                if (value == JsonToken.VALUE_STRING) {
                    types.add(type.get());
                    cells.add(parser.getText());
                } else if (value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.VALUE_STRING) {
                        types.add(type.get());
                        cells.add(parser.getText());
                    }
                    if (parser.currentToken() != JsonToken.END_ARRAY) {
                        return UploadRow.unreadable(number, RowRejection.BAD_JSON);
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    return UploadRow.unreadable(number, RowRejection.BAD_JSON);
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return UploadRow.unreadable(number, RowRejection.BAD_JSON);
            }
        }
        return new UploadRow(number, recordId == null ? "" : recordId, types, cells, null);
    }
}
