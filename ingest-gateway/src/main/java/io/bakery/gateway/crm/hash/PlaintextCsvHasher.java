package io.bakery.gateway.crm.hash;

import io.bakery.gateway.crm.IdentifierColumn;
import io.bakery.gateway.crm.UploadSettings;
import io.bakery.schemas.avro.IdentifierType;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a plaintext CRM CSV of any size into the hashed CSV the upload API accepts
 * ({@code record_id,email_sha256,email_canonical_sha256,phone_sha256,address_sha256}, the identifier columns the
 * input has), one row at a time, with a {@link HashReport}. For clients who hash on their own side.
 *
 * <p>The input is read as the upload API reads CSV (delimiter {@code , ; tab |} detected, RFC 4180 quotes, BOM
 * skipped); rows are checked as the API would check them (record id present and not too long, not seen before),
 * so a file written here uploads without rejections. Plaintext only passes through memory: nothing but record
 * ids and hashes is written, and the report holds counts and row numbers.
 */
public final class PlaintextCsvHasher {

    /** The longest plaintext row read; longer rows are rejected with ROW_TOO_LONG. */
    public static final int MAX_ROW_CHARS = 8192;

    private final String defaultCountry;
    private final Map<PlaintextField, String> namedColumns;
    private final int maxRecordIdChars;

    /**
     * A hasher for one client's files.
     *
     * @param defaultCountry ISO 3166 alpha-2 country for phones without a country code and addresses without a
     *     country; null for none
     * @param namedColumns header names for fields the header does not name in a recognized way
     */
    public PlaintextCsvHasher(final String defaultCountry, final Map<PlaintextField, String> namedColumns) {
        this.defaultCountry = defaultCountry;
        this.namedColumns = Map.copyOf(namedColumns);
        this.maxRecordIdChars = UploadSettings.defaults().maxRecordIdChars();
    }

    /**
     * Hashes the file {@code input} (UTF-8; gzip-compressed or not, detected) into {@code output} (gzip-compressed
     * when its name ends in {@code .gz}). The output appears only once complete: it is written next to its final
     * place and moved there at the end, so a failed run never leaves a partial file that could be uploaded.
     *
     * @throws UnusableInputException if the header cannot be mapped or the input is not UTF-8 text
     */
    public HashReport hashFile(final Path input, final Path output) throws IOException {
        final Path target = output.toAbsolutePath();
        final Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            final HashReport report;
            try (Reader in = utf8(Files.newInputStream(input));
                 Writer out = writer(Files.newOutputStream(partial),
                         target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz"))) {
                report = hash(in, out);
            } catch (final CharacterCodingException e) {
                throw new UnusableInputException("the input is not UTF-8 text (save it as UTF-8 and retry)");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return report;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Strict UTF-8 text of a stream that may be gzip-compressed (recognized by its magic bytes). */
    private static Reader utf8(final InputStream raw) throws IOException {
        final BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        final boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new InputStreamReader(gzip ? new GZIPInputStream(in, 1 << 16) : in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static Writer writer(final OutputStream raw, final boolean gzip) throws IOException {
        final OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Reads {@code plaintext} to its end and writes the hashed rows to {@code hashed} (not closed).
     *
     * @throws UnusableInputException if the header cannot be mapped; nothing has been written then
     */
    public HashReport hash(final Reader plaintext, final Writer hashed) throws IOException {
        final PlaintextCsvReader rows;
        try {
            rows = new PlaintextCsvReader(plaintext, MAX_ROW_CHARS, defaultCountry, namedColumns, maxRecordIdChars);
        } catch (final UnusableInputException e) {
            if (e.getMessage().startsWith("addresses need")) {
                throw new UnusableInputException(e.getMessage() + " (--country)");
            }
            throw e;
        }
        final List<IdentifierType> output = outputColumns(rows.columns());
        final HashReport report = new HashReport();
        report.columns(rows.columns(), defaultCountry);
        writeHeader(hashed, output);
        final StringBuilder line = new StringBuilder(512);
        while (rows.next()) {
            if (rows.rejection() != null) {
                report.rejected(rows.rowNumber(), rows.rejection());
                continue;
            }
            writeRow(hashed, line, rows.record(), output);
            report.wrote();
        }
        return report;
    }

    /** One hash column per identifier the input can yield, in the API's usual order. */
    private static List<IdentifierType> outputColumns(final PlaintextColumns columns) {
        final List<IdentifierType> types = new ArrayList<>(4);
        if (columns.has(PlaintextField.EMAIL)) {
            types.add(IdentifierType.EMAIL_SHA256);
            types.add(IdentifierType.EMAIL_CANONICAL_SHA256);
        }
        if (columns.has(PlaintextField.PHONE)) {
            types.add(IdentifierType.PHONE_SHA256);
        }
        if (columns.hasAddress()) {
            types.add(IdentifierType.ADDRESS_SHA256);
        }
        return types;
    }

    private static void writeHeader(final Writer out, final List<IdentifierType> types) throws IOException {
        out.write(IdentifierColumn.RECORD_ID);
        for (final IdentifierType type : types) {
            out.write(',');
            out.write(IdentifierColumn.name(type));
        }
        out.write('\n');
    }

    private static void writeRow(final Writer out, final StringBuilder line, final HashedRecord record,
                                 final List<IdentifierType> types) throws IOException {
        line.setLength(0);
        appendRecordId(line, record.recordId());
        for (final IdentifierType type : types) {
            line.append(',');
            record.hash(type).ifPresent(line::append);
        }
        line.append('\n');
        out.append(line);
    }

    /** The record id as a CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
    private static void appendRecordId(final StringBuilder line, final String recordId) {
        boolean quote = false;
        for (int i = 0; i < recordId.length() && !quote; i++) {
            final char c = recordId.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            line.append(recordId);
            return;
        }
        line.append('"');
        for (int i = 0; i < recordId.length(); i++) {
            final char c = recordId.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }
}
