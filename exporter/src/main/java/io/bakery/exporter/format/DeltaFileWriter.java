package io.bakery.exporter.format;

import io.bakery.exporter.profile.Column;
import io.bakery.exporter.profile.FileKind;
import io.bakery.exporter.profile.Quoting;
import io.bakery.schemas.avro.DeltaRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one client-day's rows as a delta file in a partner's format: one line per (cookie id, record id) pair,
 * UTF-8 without BOM, LF line ends, optionally gzip-compressed. Streams: memory use does not grow with the rows.
 */
public final class DeltaFileWriter {

    private static final int BUFFER = 1 << 16;
    /** gzip's own default level, so a file costs what {@code gzip -c} would (zlib's default is the same 6). */
    static final int GZIP_LEVEL = 6;
    private static final DateTimeFormatter SECONDS_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final ExportFormat format;

    public DeltaFileWriter(final ExportFormat format) {
        this.format = format;
    }

    /**
     * Writes the file for {@code clientDay} to {@code out} (which stays open) and returns how many data lines it
     * wrote (the header excluded).
     */
    public long write(final ClientDay clientDay, final Iterable<DeltaRow> rows, final OutputStream out) throws IOException {
        final OutputStream target = format.gzip() ? new Gzip(new NonClosing(out)) : new NonClosing(out);
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), BUFFER)) {
            return format.profile().kind() == FileKind.CSV
                    ? writeCsv(clientDay, rows, writer)
                    : writeMediarithmics(rows, writer);
        }
    }

    private long writeCsv(final ClientDay clientDay, final Iterable<DeltaRow> rows, final Writer writer)
            throws IOException {
        final List<Column> columns = format.profile().columns();
        final char delimiter = format.delimiter();
        final boolean quoteAll = format.profile().quoting() == Quoting.ALL;
        if (format.profile().header()) {
            final List<String> headers = format.profile().headers();
            for (int i = 0; i < headers.size(); i++) {
                if (i > 0) {
                    writer.write(delimiter);
                }
                writer.write(headers.get(i));
            }
            writer.write('\n');
        }
        final String windowEnd = SECONDS_UTC.format(clientDay.windowEnd());
        long lines = 0;
        for (final DeltaRow row : rows) {
            for (final String recordId : row.getRecordIds()) {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        writer.write(delimiter);
                    }
                    final String value = switch (columns.get(i)) {
                        case COOKIE_ID -> row.getDmpCookieId();
                        case RECORD_ID -> recordId;
                        case WINDOW_END -> windowEnd;
                        case ID_TYPE -> format.idType();
                    };
                    writeCsvValue(writer, value, delimiter, quoteAll);
                }
                writer.write('\n');
                lines++;
            }
        }
        return lines;
    }

    private static void writeCsvValue(final Writer writer, final String value, final char delimiter,
            final boolean quoteAll) throws IOException {
        final boolean quote = quoteAll || needsQuotes(value, delimiter);
        if (!quote) {
            writer.write(value);
            return;
        }
        writer.write('"');
        writer.write(value.replace("\"", "\"\""));
        writer.write('"');
    }

    private static boolean needsQuotes(final String value, final char delimiter) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private long writeMediarithmics(final Iterable<DeltaRow> rows, final Writer writer) throws IOException {
        long lines = 0;
        for (final DeltaRow row : rows) {
            // The lenient cookie-id rule admits the bare digits of mics_vid; the API wants "vec:" + digits.
            final String cookie = row.getDmpCookieId();
            final String userAgentId = cookie.chars().allMatch(Character::isDigit) ? "vec:" + cookie : cookie;
            for (final String recordId : row.getRecordIds()) {
                writer.write("{\"identifiers\":[{\"type\":\"USER_AGENT\",\"user_agent_id\":");
                writeJsonString(writer, userAgentId);
                writer.write("},{\"type\":\"USER_ACCOUNT\",\"user_account_id\":");
                writeJsonString(writer, recordId);
                if (format.compartmentId() != null) {
                    writer.write(",\"compartment_id\":");
                    writeJsonString(writer, format.compartmentId());
                }
                writer.write("}]}\n");
                lines++;
            }
        }
        return lines;
    }

    /** Writes {@code value} as a JSON string literal (RFC 8259 escaping). */
    static void writeJsonString(final Writer writer, final String value) throws IOException {
        writer.write('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"' -> writer.write("\\\"");
                case '\\' -> writer.write("\\\\");
                case '\n' -> writer.write("\\n");
                case '\r' -> writer.write("\\r");
                case '\t' -> writer.write("\\t");
                default -> {
                    if (c < 0x20) {
                        writer.write(String.format("\\u%04x", (int) c));
                    } else {
                        writer.write(c);
                    }
                }
            }
        }
        writer.write('"');
    }

    /** gzip at {@link #GZIP_LEVEL} with a large output buffer. */
    private static final class Gzip extends GZIPOutputStream {
        Gzip(final OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(GZIP_LEVEL);
        }
    }

    /** Lets the writer chain be closed (to flush gzip's trailer) without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(final OutputStream out) {
            super(out);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
