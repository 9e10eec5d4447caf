package io.bakery.launcher;

import io.bakery.gateway.crm.hash.HashReport;
import io.bakery.gateway.crm.hash.PlaintextCsvHasher;
import io.bakery.gateway.crm.hash.PlaintextField;
import io.bakery.gateway.crm.hash.UnusableInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bakery hash}: a plaintext CRM CSV to the hashed CSV the upload API accepts, for clients who hash themselves. */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = {"Hash a plaintext CRM CSV (normalization spec v1) into the CSV the upload API accepts:",
            "record_id,email_sha256,email_canonical_sha256,phone_sha256,address_sha256.",
            "Columns are recognized by header (record_id/id, email, phone, country, postcode, house_number, addition);",
            "other columns are ignored. Plaintext is only read, never written. Exit 2 if the input is unusable."})
final class HashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Plaintext CSV in UTF-8, optionally gzip-compressed.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "Hashed CSV to write; gzip-compressed when the name ends in .gz.")
    Path output;

    @Option(names = "--country", paramLabel = "CC",
            description = "Default country (ISO 3166 alpha-2) for phone numbers without a country code and "
                    + "addresses without a country.")
    String country;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the report (JSON) here as well.")
    Path report;

    @Option(names = "--column", paramLabel = "FIELD=HEADER",
            description = "The header of a field's column when it is not recognized, e.g. --column email=\"Mail 1\". "
                    + "Fields: record_id, email, phone, country, postcode, house_number, addition.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        final PlaintextCsvHasher hasher = new PlaintextCsvHasher(country(), namedColumns());
        final HashReport result;
        try {
            result = hasher.hashFile(input, output);
        } catch (final UnusableInputException e) {
            spec.commandLine().getErr().println("cannot hash " + input + ": " + e.getMessage());
            return 2;
        }
        final String json = result.toJsonText();
        if (report != null) {
            Files.writeString(report, json + "\n", StandardCharsets.UTF_8);
        }
        spec.commandLine().getOut().println(json);
        spec.commandLine().getErr().printf("%d rows: %d written to %s, %d rejected%n", result.rows(),
                result.written(), output, result.rejected());
        return 0;
    }

    private String country() {
        if (country == null || country.isBlank()) {
            return null;
        }
        final String code = country.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{2}")) {
            throw new ParameterException(spec.commandLine(), "--country must be two letters, e.g. NL");
        }
        return "UK".equals(code) ? "GB" : code;
    }

    private Map<PlaintextField, String> namedColumns() {
        final Map<PlaintextField, String> named = new EnumMap<>(PlaintextField.class);
        columns.forEach((field, header) -> named.put(PlaintextField.byKey(field).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--column: unknown field '" + field + "'")), header));
        return named;
    }
}
