package io.bakery.gateway.web;

import io.bakery.gateway.crm.hash.PlaintextRecord;
import io.bakery.gateway.crm.hash.PlaintextRowHasher;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.normalize.AddressFields;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plaintext CRM export as a client would pick it in the page: a header the page must map (customer id, e-mail,
 * phone, country, postcode, huisnummer, toevoeging, and a name it must ignore), three identifier columns, messy but
 * mostly valid values, and a sprinkling of bad rows (invalid email, phone, postcode; no id; duplicate ids; a short
 * row). What the file holds is worked out with the server's own Java hasher, so the page is checked against it.
 */
final class PlaintextCrmFile {

    /** The client's default phone country in the tests' configuration. */
    static final String COUNTRY = "NL";

    final Path path;
    final int dataRows;
    /** Record id → its identifiers as the Java hasher hashes them. */
    final Map<String, List<HashedIdentifier>> expected = new HashMap<>();
    final Map<String, Long> rejectedByReason = new TreeMap<>();
    final Map<String, Long> identifiersByType = new TreeMap<>();
    final List<String> emails = new ArrayList<>();
    final List<String> phones = new ArrayList<>();

    private PlaintextCrmFile(final Path path, final int dataRows) {
        this.path = path;
        this.dataRows = dataRows;
    }

    /** Writes {@code rows} data rows with record ids {@code prefix + n} to {@code path}. */
    static PlaintextCrmFile write(final Path path, final String prefix, final int rows) throws IOException {
        final PlaintextCrmFile file = new PlaintextCrmFile(path, rows);
        final PlaintextRowHasher hasher = new PlaintextRowHasher(COUNTRY, 128);
        final Set<String> seen = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write("Customer ID,E-mail,Phone,Country,Postcode,Huisnummer,Toevoeging,Name\r\n");
            for (int i = 0; i < rows; i++) {
                final String id = i % 5000 == 4999 ? " " : i % 1000 == 999 ? prefix + (i - 1) : prefix + i;
                final String email = email(i);
                final String phone = phone(i);
                final boolean hasAddress = i % 6 != 5;
                final String postcode = !hasAddress ? "" : i % 250 == 17 ? "0123AB"
                        : (1000 + i % 9000) + " " + (char) ('A' + i % 26) + (char) ('A' + (i / 26) % 26);
                final String house = hasAddress ? String.valueOf(1 + i % 300) : "";
                final String addition = hasAddress && i % 7 == 3 ? "b" : "";
                final String name = i % 3 == 0 ? "\"Doe, Jane " + i + "\"" : "Person " + i;
                if (i == rows / 2) {
                    out.write(id + "," + email + "\r\n");
                    file.reject("WRONG_COLUMN_COUNT");
                    continue;
                }
                out.write(String.join(",", id, email, phone, i % 4 == 0 ? "nl" : "", postcode, house, addition, name));
                out.write("\r\n");
                if (!email.isBlank()) {
                    file.emails.add(email.strip());
                }
                if (!phone.isBlank()) {
                    file.phones.add(phone.strip());
                }
                final PlaintextRowHasher.Outcome outcome = hasher.hash(new PlaintextRecord(id, email, phone,
                        new AddressFields(i % 4 == 0 ? "nl" : "", postcode, house, addition)));
                if (outcome.rejection() != null) {
                    file.reject(outcome.rejection().name());
                } else if (!seen.add(outcome.record().recordId())) {
                    file.reject("DUPLICATE_RECORD_ID");
                } else {
                    file.expected.put(outcome.record().recordId(), outcome.record().identifiers());
                    for (final HashedIdentifier identifier : outcome.record().identifiers()) {
                        file.identifiersByType.merge(identifier.getType().name().toLowerCase(), 1L, Long::sum);
                    }
                }
            }
        }
        return file;
    }

    private void reject(final String reason) {
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String email(final int i) {
        if (i % 10 == 9) {
            return "";
        }
        if (i % 200 == 11) {
            return "broken" + i + "@";
        }
        return switch (i % 4) {
            case 0 -> " Jane.Doe+news" + i + "@GMail.com ";
            case 1 -> "user" + i + "@example.com";
            case 2 -> "J.Smith" + i + "@Example.NL";
            default -> "info." + i + "@googlemail.com";
        };
    }

    private static String phone(final int i) {
        if (i % 8 == 7) {
            return "";
        }
        if (i % 150 == 13) {
            return "12345";
        }
        final String digits = String.format("%07d", i % 10_000_000);
        return switch (i % 3) {
            case 0 -> "06 1" + digits;
            case 1 -> "+31 6 2" + digits;
            default -> "(020) 5" + digits.substring(1);
        };
    }
}
