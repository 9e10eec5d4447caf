package io.bakery.gateway.crm;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records one at a time from a character stream of any size (RFC 4180 quoting: a quoted field may hold
 * the delimiter, line breaks and doubled quotes). The delimiter ({@code , ; tab |}) is detected on the header
 * line; a leading UTF-8 BOM is skipped. A record longer than the limit is skipped to its end and reported as too
 * long, so one runaway quote cannot exhaust memory.
 */
public final class CsvRecordReader {

    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    private static final int BUFFER = 1 << 16;

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buffer = new char[BUFFER];
    private int position;
    private int limit;
    private boolean eof;
    private char delimiter;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    /**
     * The current field while it is one run of characters still in the buffer (start, end; -1 when none): such a
     * field, the usual case, becomes a string straight from the buffer, without passing through {@link #field}.
     * Valid until the buffer is refilled; {@link #fill()} moves it into {@link #field} first.
     */
    private int sliceStart = -1;
    private int sliceEnd;
    private boolean tooLong;
    private long recordNumber;

    public CsvRecordReader(final Reader in, final int maxRecordChars) {
        this.in = in;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * Reads the next record; false at the end of the input. Blank lines are skipped. After true, either
     * {@link #tooLong()} or {@link #fields()} describes the record.
     */
    public boolean next() throws IOException {
        if (recordNumber == 0) {
            prepareFirstRecord();
        }
        while (true) {
            if (!fill()) {
                return false;
            }
            readRecord();
            recordNumber++;
            if (tooLong || !(fields.size() == 1 && fields.get(0).isEmpty())) {
                return true;
            }
            if (eof && position >= limit) {
                return false;
            }
        }
    }

    /** The fields of the current record (valid until the next call). */
    public List<String> fields() {
        return fields;
    }

    /** Whether the current record exceeded the length limit (its fields are then empty). */
    public boolean tooLong() {
        return tooLong;
    }

    /** The 1-based number of the current record in the file, blank lines included; the header is record 1. */
    public long recordNumber() {
        return recordNumber;
    }

    /** The detected delimiter. */
    public char delimiter() {
        return delimiter;
    }

    private void prepareFirstRecord() throws IOException {
        fill();
        if (position < limit && buffer[position] == '\uFEFF') {
            position++;
        }
        delimiter = detectDelimiter();
    }

    /** The delimiter occurring most often outside quotes in the buffered first line; comma if none does. */
    private char detectDelimiter() {
        final int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = position; i < limit; i++) {
            final char c = buffer[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted) {
                for (int d = 0; d < DELIMITERS.length; d++) {
                    if (c == DELIMITERS[d]) {
                        counts[d]++;
                    }
                }
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    private void readRecord() throws IOException {
        fields.clear();
        field.setLength(0);
        sliceStart = -1;
        tooLong = false;
        int length = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        while (fill()) {
            final char c = buffer[position++];
            if (++length > maxRecordChars && !tooLong) {
                markTooLong();
            }
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                    afterQuote = true;
                } else {
                    length = appendRun(length, true);
                }
                continue;
            }
            if (c == '"') {
                if (afterQuote && !tooLong) {
                    unslice();
                    field.append('"');
                }
                quoted = true;
                afterQuote = false;
            } else if (c == delimiter) {
                endField();
                afterQuote = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && fill() && buffer[position] == '\n') {
                    position++;
                }
                endField();
                return;
            } else {
                afterQuote = false;
                length = appendRun(length, false);
            }
        }
        endField();
    }

    /**
     * Appends the character just read (already counted in {@code length}) and the run of ordinary characters
     * after it that is already in the buffer, in one step: appending character by character was the largest
     * cost of reading an upload. Ordinary means: not a quote, and outside quotes also not the delimiter or a line
     * break. Returns the record length so far.
     */
    private int appendRun(final int length, final boolean quoted) {
        final int start = position - 1;
        int end = position;
        if (quoted) {
            while (end < limit && buffer[end] != '"') {
                end++;
            }
        } else {
            while (end < limit && isPlain(buffer[end])) {
                end++;
            }
        }
        final int total = length + (end - position);
        position = end;
        if (total > maxRecordChars && !tooLong) {
            markTooLong();
        }
        if (tooLong) {
            return total;
        }
        if (sliceStart < 0 && field.length() == 0) {
            sliceStart = start;
            sliceEnd = end;
        } else {
            unslice();
            field.append(buffer, start, end - start);
        }
        return total;
    }

    /** Moves a pending slice of the buffer into {@link #field}, before more is appended or the buffer refilled. */
    private void unslice() {
        if (sliceStart >= 0) {
            field.append(buffer, sliceStart, sliceEnd - sliceStart);
            sliceStart = -1;
        }
    }

    private void markTooLong() {
        tooLong = true;
        field.setLength(0);
        sliceStart = -1;
        fields.clear();
    }

    private boolean isPlain(final char c) {
        return c != delimiter && c != '"' && c != '\n' && c != '\r';
    }

    private void endField() {
        if (tooLong) {
            fields.clear();
        } else if (sliceStart >= 0) {
            fields.add(new String(buffer, sliceStart, sliceEnd - sliceStart));
        } else {
            fields.add(field.toString());
        }
        field.setLength(0);
        sliceStart = -1;
    }

    /** Whether a character is available, reading more when the buffer is used up. */
    private boolean fill() throws IOException {
        while (position >= limit) {
            if (eof) {
                return false;
            }
            unslice();
            final int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                eof = true;
                return false;
            }
            position = 0;
            limit = read;
        }
        return true;
    }
}
