package io.bakery.gateway.crm.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.crm.RowRejection;
import io.bakery.schemas.normalize.AddressFields;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader hashes rows ahead in chunks on several threads; each row must still get its one-at-a-time outcome. */
class PlaintextCsvReaderTest {

    private static final int MAX_RECORD_ID = 64;

    @Test
    void shouldGiveEveryRowItsOneAtATimeOutcomeInFileOrderWhenRowsAreHashedInChunks() throws IOException {
        final Random random = new Random(8);
        final StringBuilder csv = new StringBuilder("customer_id,email,phone,postcode,house_number\n");
        final List<String[]> rows = new ArrayList<>();
        final int count = PlaintextCsvReader.CHUNK_ROWS * 9 + 17;
        for (int i = 0; i < count; i++) {
            // Duplicates reach back across chunk boundaries; some rows are bad in one of several ways.
            final String id = random.nextInt(20) == 0 && i > 0 ? "r" + random.nextInt(i) : "r" + i;
            final String email = random.nextInt(15) == 0 ? "not-an-email" : "Person." + i + "@Example.com";
            final String phone = random.nextInt(15) == 0 ? "06-1" : random.nextInt(3) == 0 ? ""
                    : "06-1" + String.format("%07d", random.nextInt(10_000_000));
            final String[] row = {id, email, phone, (1000 + random.nextInt(9000)) + "AB",
                String.valueOf(1 + random.nextInt(300))};
            if (random.nextInt(40) == 0) {
                csv.append(String.join(",", row[0], row[1])).append('\n');
                rows.add(null);
            } else {
                csv.append(String.join(",", row)).append('\n');
                rows.add(row);
            }
        }
        final PlaintextRowHasher alone = new PlaintextRowHasher("NL", MAX_RECORD_ID);
        final Set<String> seen = new HashSet<>();

        final PlaintextCsvReader reader = new PlaintextCsvReader(new StringReader(csv.toString()), 8192, "NL",
                Map.of(), MAX_RECORD_ID);
        int read = 0;
        while (reader.next()) {
            final String[] row = rows.get(read);
            assertThat(reader.rowNumber()).isEqualTo(read + 2L);
            if (row == null) {
                assertThat(reader.rejection()).isEqualTo(RowRejection.WRONG_COLUMN_COUNT);
            } else {
                final PlaintextRowHasher.Outcome expected = alone.hash(new PlaintextRecord(row[0], row[1], row[2],
                        new AddressFields(null, row[3], row[4], null)));
                if (expected.rejection() != null) {
                    assertThat(reader.rejection()).isEqualTo(expected.rejection());
                } else if (!seen.add(row[0])) {
                    assertThat(reader.rejection()).isEqualTo(RowRejection.DUPLICATE_RECORD_ID);
                } else {
                    assertThat(reader.rejection()).isNull();
                    assertThat(reader.record()).isEqualTo(expected.record());
                }
            }
            read++;
        }
        assertThat(read).isEqualTo(count);
    }
}
