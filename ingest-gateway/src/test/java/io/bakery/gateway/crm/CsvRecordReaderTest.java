package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void shouldReadTheSameRecordsWhenTheInputArrivesInPiecesOfAnySize() throws IOException {
        final Random random = new Random(20261204L);
        for (int round = 0; round < 300; round++) {
            final String csv = randomCsv(random);
            final int maxRecordChars = 5 + random.nextInt(40);

            final List<String> whole = records(new StringReader(csv), maxRecordChars);
            final List<String> pieces = records(new TrickleReader(csv, 1 + random.nextInt(7), random), maxRecordChars);

            assertThat(pieces).as("input %s", csv).isEqualTo(whole);
        }
    }

    @Test
    void shouldSplitFieldsAtDelimitersAndKeepQuotedOnesWholeWhenTheyArriveOneCharacterAtATime() throws IOException {
        final String csv = "id,name\r\nr1,\"a,\"\"b\"\"\nc\"\nr2,plain text\n";

        final List<String> records = records(new TrickleReader(csv, 1, new Random(1)), 100);

        assertThat(records).containsExactly("[id, name]", "[r1, a,\"b\"\nc]", "[r2, plain text]");
    }

    @Test
    void shouldReportTooLongWhenAPlainRunCrossesTheLimit() throws IOException {
        final String csv = "id,v\nr1," + "x".repeat(30) + "\nr2,y\n";

        assertThat(records(new StringReader(csv), 20)).containsExactly("[id, v]", "too long", "[r2, y]");
    }

    private static List<String> records(final Reader in, final int maxRecordChars) throws IOException {
        final CsvRecordReader reader = new CsvRecordReader(in, maxRecordChars);
        final List<String> records = new ArrayList<>();
        while (reader.next()) {
            records.add(reader.tooLong() ? "too long" : reader.fields().toString());
        }
        return records;
    }

    /** Rows of plain, quoted and empty fields with every kind of line break, from an alphabet full of specials. */
    private static String randomCsv(final Random random) {
        final String alphabet = "ab,\"\n\r x;";
        final StringBuilder csv = new StringBuilder("h1,h2\n");
        final int length = random.nextInt(120);
        for (int i = 0; i < length; i++) {
            csv.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return csv.toString();
    }

    /** A reader that hands out at most a few characters per read, so that every run is cut at some point. */
    private static final class TrickleReader extends Reader {
        private final String text;
        private final int maxPiece;
        private final Random random;
        private int position;

        TrickleReader(final String text, final int maxPiece, final Random random) {
            this.text = text;
            this.maxPiece = maxPiece;
            this.random = random;
        }

        @Override
        public int read(final char[] buffer, final int offset, final int length) {
            if (position >= text.length()) {
                return -1;
            }
            final int n = Math.min(Math.min(length, 1 + random.nextInt(maxPiece)), text.length() - position);
            text.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
