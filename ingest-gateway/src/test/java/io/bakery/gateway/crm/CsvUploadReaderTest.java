package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.schemas.avro.IdentifierType;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvUploadReaderTest {

    private static final String HASH = "0c7e6a405862e402eb76a70f8a26fc732d07c32931e9fae9ab1582911d2e8a3b";

    @Test
    void shouldDetectSemicolonDelimiterAndSkipBomWhenReadingHeader() throws IOException {
        final List<UploadRow> rows = read("\uFEFFrecord_id;email_sha256\nr1;" + HASH + "\n", 1000);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.recordId()).isEqualTo("r1");
            assertThat(row.types()).containsExactly(IdentifierType.EMAIL_SHA256);
            assertThat(row.cells()).containsExactly(HASH);
        });
    }

    @Test
    void shouldDetectTabAndPipeDelimitersWhenReadingHeader() throws IOException {
        assertThat(read("record_id\tphone_sha256\nr1\t" + HASH + "\n", 1000)).singleElement()
                .extracting(UploadRow::recordId).isEqualTo("r1");
        assertThat(read("record_id|address_sha256\r\nr2|" + HASH + "\r\n", 1000)).singleElement()
                .extracting(UploadRow::recordId).isEqualTo("r2");
    }

    @Test
    void shouldKeepDelimitersLineBreaksAndQuotesInsideQuotedFieldsWhenReading() throws IOException {
        final List<UploadRow> rows = read("record_id,email_sha256\n\"a,\"\"b\"\"\nc\"," + HASH + "\n", 1000);

        assertThat(rows).singleElement().extracting(UploadRow::recordId).isEqualTo("a,\"b\"\nc");
    }

    @Test
    void shouldRejectRowWithRowTooLongWhenItExceedsTheLimit() throws IOException {
        final List<UploadRow> rows = read("record_id,email_sha256\nr1,\"" + "x".repeat(500) + "\"\nr2," + HASH + "\n", 100);

        assertThat(rows).extracting(UploadRow::rejection).containsExactly(RowRejection.ROW_TOO_LONG, null);
        assertThat(rows.get(1).recordId()).isEqualTo("r2");
    }

    @Test
    void shouldRejectRowWithWrongColumnCountWhenFieldsAreMissing() throws IOException {
        final List<UploadRow> rows = read("record_id,email_sha256\nr1\n", 1000);

        assertThat(rows).singleElement().extracting(UploadRow::rejection).isEqualTo(RowRejection.WRONG_COLUMN_COUNT);
    }

    @Test
    void shouldNumberRowsFromTheHeaderWhenReporting() throws IOException {
        final List<UploadRow> rows = read("record_id,email_sha256\nr1," + HASH + "\n\nr3," + HASH + "\n", 1000);

        assertThat(rows).extracting(UploadRow::rowNumber).containsExactly(2L, 4L);
    }

    @Test
    void shouldRefuseHeaderWhenItHasAnUnknownColumn() {
        assertThatThrownBy(() -> read("record_id,email\nr1,a@b.com\n", 1000))
                .isInstanceOf(UnusableUploadException.class).hasMessageContaining("unknown column 'email'");
    }

    @Test
    void shouldRefuseHeaderWhenRecordIdIsMissing() {
        assertThatThrownBy(() -> read("email_sha256\n" + HASH + "\n", 1000))
                .isInstanceOf(UnusableUploadException.class).hasMessageContaining("no record_id");
    }

    @Test
    void shouldRefuseHeaderWhenThereIsNoIdentifierColumnForAnAdd() {
        assertThatThrownBy(() -> read("record_id\nr1\n", 1000))
                .isInstanceOf(UnusableUploadException.class).hasMessageContaining("no identifier column");
    }

    @Test
    void shouldRefuseBodyWhenItIsEmpty() {
        assertThatThrownBy(() -> read("", 1000)).isInstanceOf(UnusableUploadException.class);
    }

    private static List<UploadRow> read(final String csv, final int maxRowChars) throws IOException {
        final CsvUploadReader reader = new CsvUploadReader(new StringReader(csv), maxRowChars, true);
        final List<UploadRow> rows = new ArrayList<>();
        for (UploadRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }
}
