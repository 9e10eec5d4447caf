package io.bakery.gateway.crm.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.gateway.crm.CsvUploadReader;
import io.bakery.gateway.crm.RowValidator;
import io.bakery.gateway.crm.UploadMode;
import io.bakery.gateway.crm.UploadRow;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.normalize.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaintextCsvHasherTest {

    private static final String DUTCH_EXPORT = """
            Klantnummer;E-mail;Telefoon;Postcode;Huisnummer;Toevoeging;Nieuwsbrief
            k-1;Jan.Jansen@Example.com;06-12345678;1042 JN;12;a;ja
            k-2;;+32 470 12 34 56;;;;nee
            k-3;"piet@example.nl";;NL-3511 AB;7-2;;ja
            """;

    @Test
    void shouldWriteACsvTheUploadApiAcceptsWholeWhenTheHeaderIsRecognized() throws IOException {
        final StringWriter out = new StringWriter();

        final HashReport report = new PlaintextCsvHasher("NL", Map.of()).hash(new StringReader(DUTCH_EXPORT), out);

        assertThat(report.written()).isEqualTo(3);
        assertThat(out.toString()).startsWith(
                "record_id,email_sha256,email_canonical_sha256,phone_sha256,address_sha256\n");
        final List<RowValidator.Outcome> uploaded = upload(out.toString());
        assertThat(uploaded).allSatisfy(row -> assertThat(row.rejection()).isNull());
        assertThat(uploaded.get(0).identifiers()).extracting(HashedIdentifier::getHash).containsExactly(
                Sha256.hex("jan.jansen@example.com"), Sha256.hex("jan.jansen@example.com"), Sha256.hex("31612345678"),
                Sha256.hex("NL|1042JN|12|A"));
        assertThat(uploaded.get(1).identifiers()).extracting(HashedIdentifier::getHash)
                .containsExactly(Sha256.hex("32470123456"));
        assertThat(uploaded.get(2).identifiers()).extracting(HashedIdentifier::getHash).contains(
                Sha256.hex("NL|3511AB|7|2"));
    }

    @Test
    void shouldReportEveryRejectedRowByReasonWithItsRowNumber() throws IOException {
        final String input = """
                record_id,email,phone
                r-1,jan@example.com,
                r-2,not-an-email,
                ,jan@example.com,
                r-3,,0612
                r-4,,
                r-1,other@example.com,
                r-5,jan@example.com
                r-6,%s,
                r-7,piet@example.com,0612345678
                """.formatted("x".repeat(PlaintextCsvHasher.MAX_ROW_CHARS));

        final HashReport report = new PlaintextCsvHasher("NL", Map.of()).hash(new StringReader(input),
                new StringWriter());

        assertThat(report.rows()).isEqualTo(9);
        assertThat(report.written()).isEqualTo(2);
        assertThat(report.rejectedCounts()).containsOnly(Map.entry("INVALID_EMAIL", 1L),
                Map.entry("MISSING_RECORD_ID", 1L), Map.entry("INVALID_PHONE", 1L), Map.entry("NO_IDENTIFIER", 1L),
                Map.entry("DUPLICATE_RECORD_ID", 1L), Map.entry("WRONG_COLUMN_COUNT", 1L),
                Map.entry("ROW_TOO_LONG", 1L));
        assertThat(report.rejectedRows("INVALID_EMAIL")).containsExactly(3L);
        assertThat(report.rejectedRows("DUPLICATE_RECORD_ID")).containsExactly(7L);
        assertThat(report.rejectedRows("ROW_TOO_LONG")).containsExactly(9L);
        assertThat(report.toJson().get("rejectedByReason").get("INVALID_PHONE").get("rows").get(0).asLong())
                .isEqualTo(5);
    }

    @Test
    void shouldWriteNoPlaintextToTheOutputOrTheReportWhenHashing() throws IOException {
        final StringWriter out = new StringWriter();

        final HashReport report = new PlaintextCsvHasher("NL", Map.of()).hash(new StringReader(DUTCH_EXPORT), out);

        final String written = out + report.toJson().toString();
        assertThat(written).doesNotContainIgnoringCase("jansen").doesNotContainIgnoringCase("piet@")
                .doesNotContain("12345678", "470 12", "1042", "3511", "Klantnummer", "Nieuwsbrief");
    }

    @Test
    void shouldReadTheColumnTheCallerNamesWhenTheHeaderIsNotRecognized() throws IOException {
        final StringWriter out = new StringWriter();

        final HashReport report = new PlaintextCsvHasher(null, Map.of(PlaintextField.EMAIL, "Contact"))
                .hash(new StringReader("id|Contact\n7|jan@example.com\n"), out);

        assertThat(report.written()).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("record_id,email_sha256,email_canonical_sha256\n7,"
                + Sha256.hex("jan@example.com") + "," + Sha256.hex("jan@example.com") + "\n");
    }

    @Test
    void shouldQuoteARecordIdSoTheUploadApiReadsItBackWhenItHoldsACommaOrQuote() throws IOException {
        final StringWriter out = new StringWriter();

        new PlaintextCsvHasher(null, Map.of()).hash(new StringReader(
                "record_id;email\n\"a,\"\"b\"\"\";jan@example.com\n"), out);

        assertThat(upload(out.toString())).singleElement()
                .satisfies(row -> assertThat(row.recordId()).isEqualTo("a,\"b\""));
    }

    @Test
    void shouldRefuseTheInputWithoutRepeatingItWhenTheFirstRowIsNotAHeader() {
        assertThatThrownBy(() -> new PlaintextCsvHasher("NL", Map.of()).hash(
                new StringReader("17,jan@example.com,0612345678\n"), new StringWriter()))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("no record id column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jan@example.com", "0612345678"));
    }

    @Test
    void shouldRefuseAddressesWhenNeitherAColumnNorADefaultGivesTheCountry() {
        assertThatThrownBy(() -> new PlaintextCsvHasher(null, Map.of()).hash(
                new StringReader("id,postcode,house_number\n1,1042JN,12\n"), new StringWriter()))
                .isInstanceOf(UnusableInputException.class).hasMessageContaining("country");
    }

    @Test
    void shouldRefuseTheHeaderWhenTwoColumnsLookLikeTheSameField() {
        assertThatThrownBy(() -> new PlaintextCsvHasher(null, Map.of()).hash(
                new StringReader("id,email,e-mail address\n"), new StringWriter()))
                .isInstanceOf(UnusableInputException.class).hasMessageContaining("columns 2 and 3");
    }

    @Test
    void shouldRefuseAnAddressWhenItHasNoHouseNumberColumn() {
        assertThatThrownBy(() -> new PlaintextCsvHasher("NL", Map.of()).hash(
                new StringReader("id,postcode\n1,1042JN\n"), new StringWriter()))
                .isInstanceOf(UnusableInputException.class).hasMessageContaining("house_number");
    }

    @Test
    void shouldReadAndWriteGzipWhenTheInputIsCompressedAndTheOutputNameEndsInGz(@TempDir final Path dir)
            throws IOException {
        final Path input = dir.resolve("crm.csv");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input))) {
            out.write("id,email\n1,jan@example.com\n".getBytes(StandardCharsets.UTF_8));
        }
        final Path output = dir.resolve("hashed.csv.gz");

        final HashReport report = new PlaintextCsvHasher(null, Map.of()).hashFile(input, output);

        assertThat(report.written()).isEqualTo(1);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(output))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("1," + Sha256.hex("jan@example.com"));
        }
    }

    @Test
    void shouldLeaveNoOutputFileWhenTheInputIsUnusable(@TempDir final Path dir) throws IOException {
        final Path input = Files.writeString(dir.resolve("crm.csv"), "name,email\nJan,jan@example.com\n");
        final Path output = dir.resolve("hashed.csv");

        assertThatThrownBy(() -> new PlaintextCsvHasher(null, Map.of()).hashFile(input, output))
                .isInstanceOf(UnusableInputException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(input);
        }
    }

    @Test
    void shouldRefuseTheInputWhenItIsNotUtf8(@TempDir final Path dir) throws IOException {
        final Path input = Files.write(dir.resolve("crm.csv"),
                "id,email\n1,j\u00e9@example.com\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> new PlaintextCsvHasher(null, Map.of()).hashFile(input, dir.resolve("out.csv")))
                .isInstanceOf(UnusableInputException.class).hasMessageContaining("UTF-8");
    }

    /** What the upload API's reader and validator make of a hashed CSV. */
    private static List<RowValidator.Outcome> upload(final String hashed) throws IOException {
        final CsvUploadReader reader = new CsvUploadReader(new StringReader(hashed), 8192, true);
        final RowValidator validator = new RowValidator(UploadMode.ADD, 128);
        final List<RowValidator.Outcome> outcomes = new ArrayList<>();
        for (UploadRow row = reader.next(); row != null; row = reader.next()) {
            outcomes.add(validator.validate(row));
        }
        return outcomes;
    }
}
