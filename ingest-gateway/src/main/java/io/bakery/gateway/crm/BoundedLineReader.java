package io.bakery.gateway.crm;

import java.io.IOException;
import java.io.Reader;

/** Reads lines of at most a given length from a stream of any size; a longer line is skipped and flagged. */
public final class BoundedLineReader {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int limit;
    private boolean eof;
    private boolean tooLong;
    private long lineNumber;

    public BoundedLineReader(final Reader in, final int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its line break, or null at the end; {@link #tooLong()} says if it was cut. */
    public String next() throws IOException {
        line.setLength(0);
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position >= limit) {
                if (eof) {
                    return any ? finish() : null;
                }
                final int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    eof = true;
                    continue;
                }
                position = 0;
                limit = read;
            }
            any = true;
            final char c = buffer[position++];
            if (c == '\n') {
                return finish();
            }
            if (line.length() >= maxChars) {
                tooLong = true;
            } else {
                line.append(c);
            }
        }
    }

    /** Whether the last line was longer than the limit (its text is then incomplete). */
    public boolean tooLong() {
        return tooLong;
    }

    /** The 1-based number of the last line read. */
    public long lineNumber() {
        return lineNumber;
    }

    private String finish() {
        lineNumber++;
        final int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        if (lineNumber == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        return line.toString();
    }
}
