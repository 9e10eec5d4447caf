package io.bakery.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.launcher.world.World;
import io.bakery.schemas.normalize.AddressFields;
import io.bakery.schemas.normalize.AddressKeyNormalizer;
import io.bakery.schemas.normalize.Normalized;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The values a post-demo scan looks for, read from a generated world's input files: every plaintext e-mail, phone
 * and postal address component of the CRM exports, and (for the logs) every raw DMP cookie id and Bakery id.
 *
 * <p>Forms: e-mails as written (including the bad rows' broken ones); phones as written ({@code +3161…}) and as
 * E.164 digits ({@code 3161…}, what spec v1 hashes); postcodes as written ({@code 1234AB}) and spaced
 * ({@code 1234 AB}); the house number only joined to its postcode, as spec v1's address key
 * ({@code NL|1234AB|12|}), since a bare number of one to three digits turns up by chance in any bytes.
 */
public final class WorldNeedles {

    private final Set<String> plaintext = new LinkedHashSet<>();
    private final Set<String> ids = new LinkedHashSet<>();

    private WorldNeedles() {}

    /** The needles of the world in {@code folder}. */
    public static WorldNeedles of(final Path folder) throws IOException {
        final WorldNeedles needles = new WorldNeedles();
        try (Stream<Path> files = Files.list(folder.resolve("crm"))) {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".plain.csv")).sorted().toList()) {
                for (final Map<String, String> row : CsvRows.read(file, ',')) {
                    needles.addPlaintext(row);
                }
            }
        }
        try (Stream<Path> files = Files.list(folder.resolve("hits"))) {
            for (final Path file : files.sorted().toList()) {
                for (final Map<String, String> row : CsvRows.read(file, ',')) {
                    needles.addCookieId(row.get("cookie_id"));
                    needles.addBakeryId(row.get("bakery_id"));
                }
            }
        }
        final ObjectMapper json = new ObjectMapper();
        try (BufferedReader graph = Files.newBufferedReader(folder.resolve(World.GRAPH_FILE))) {
            for (String line; (line = graph.readLine()) != null; ) {
                final JsonNode link = json.readTree(line);
                needles.addBakeryId(link.get("bakery_id").asText());
            }
        }
        return needles;
    }

    /** Adds a DMP cookie id (as sent, and URL-encoded when that differs), e.g. one read from the topics. */
    public void addCookieId(final String cookieId) {
        if (cookieId != null && !cookieId.isEmpty()) {
            ids.add(cookieId);
            ids.add(URLEncoder.encode(cookieId, StandardCharsets.UTF_8));
        }
    }

    /** Adds a Bakery id, e.g. one the gateway minted for a new browser. */
    public void addBakeryId(final String bakeryId) {
        if (bakeryId != null && !bakeryId.isEmpty()) {
            ids.add(bakeryId);
        }
    }

    /** The plaintext personal data: may be nowhere but in the world's input files. */
    public Set<String> plaintext() {
        return Set.copyOf(plaintext);
    }

    /** Plaintext and raw ids: none may be in a log line. */
    public Set<String> forLogs() {
        final Set<String> all = new LinkedHashSet<>(plaintext);
        all.addAll(ids);
        return all;
    }

    /** How many raw ids were collected. */
    public int idCount() {
        return ids.size();
    }

    private void addPlaintext(final Map<String, String> row) {
        addIfPresent(plaintext, row.get("email"));
        final String phone = row.get("phone");
        if (phone != null && !phone.isEmpty()) {
            plaintext.add(phone);
            plaintext.add(phone.replaceAll("[^0-9]", ""));
        }
        final String postcode = row.get("postcode");
        if (postcode != null && !postcode.isEmpty()) {
            plaintext.add(postcode);
            if (postcode.length() == 6) {
                plaintext.add(postcode.substring(0, 4) + " " + postcode.substring(4));
            }
            final Normalized key = new AddressKeyNormalizer(row.get("country"))
                    .normalize(new AddressFields(row.get("country"), postcode, row.get("house_number"), null));
            if (key.isValid()) {
                plaintext.add(key.value());
            }
        }
    }

    private static void addIfPresent(final Collection<String> into, final String value) {
        if (value != null && !value.isEmpty()) {
            into.add(value);
        }
    }
}
