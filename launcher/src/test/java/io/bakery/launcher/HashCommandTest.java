package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.normalize.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HashCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldWriteTheHashedCsvAndTheReportWhenGivenAPlaintextCsv() throws Exception {
        final Path input = Files.writeString(dir.resolve("crm.csv"),
                "id;email;phone;postcode;house_number\n1;Jan@Example.com;06-12345678;1042 JN;12\n2;nope;;;\n");

        final int exitCode = run("hash", "--input", input.toString(), "--output", dir.resolve("hashed.csv").toString(),
                "--country", "nl", "--report", dir.resolve("report.json").toString());

        assertThat(exitCode).isZero();
        assertThat(Files.readString(dir.resolve("hashed.csv"))).isEqualTo(
                "record_id,email_sha256,email_canonical_sha256,phone_sha256,address_sha256\n1,"
                        + Sha256.hex("jan@example.com") + "," + Sha256.hex("jan@example.com") + ","
                        + Sha256.hex("31612345678") + "," + Sha256.hex("NL|1042JN|12|") + "\n");
        assertThat(Files.readString(dir.resolve("report.json")))
                .contains("\"written\" : 1", "\"INVALID_EMAIL\"", "\"defaultCountry\" : \"NL\"");
    }

    @Test
    void shouldReadTheNamedColumnWhenGivenColumnOption() throws Exception {
        final Path input = Files.writeString(dir.resolve("crm.csv"), "id,Mail 1\n1,jan@example.com\n");

        final int exitCode = run("hash", "--input", input.toString(), "--output", dir.resolve("h.csv").toString(),
                "--column", "email=Mail 1");

        assertThat(exitCode).isZero();
        assertThat(Files.readString(dir.resolve("h.csv"))).contains("1," + Sha256.hex("jan@example.com"));
    }

    @Test
    void shouldExitWith2AndWriteNothingWhenTheInputHasNoRecordIdColumn() throws Exception {
        final Path input = Files.writeString(dir.resolve("crm.csv"), "name,email\nJan,jan@example.com\n");

        final int exitCode = run("hash", "--input", input.toString(), "--output", dir.resolve("h.csv").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("no record id column").doesNotContain("jan@example.com");
        assertThat(dir.resolve("h.csv")).doesNotExist();
    }

    @Test
    void shouldRefuseTheCountryWhenItIsNotTwoLetters() throws Exception {
        final Path input = Files.writeString(dir.resolve("crm.csv"), "id,email\n1,jan@example.com\n");

        final int exitCode = run("hash", "--input", input.toString(), "--output", dir.resolve("h.csv").toString(),
                "--country", "NLD");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--country");
    }

    private int run(final String... args) {
        final CommandLine commandLine = Bakery.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
