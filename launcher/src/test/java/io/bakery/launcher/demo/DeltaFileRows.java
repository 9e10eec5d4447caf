package io.bakery.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the (cookie id, record id) rows of a delta file as each partner's profile writes them, by column name
 * (exporter/README.md), not by position: CSV with the partner's header and separator, gzipped or not, and
 * Mediarithmics' NDJSON user-agent/user-account associations.
 */
public final class DeltaFileRows {

    /** Where a profile keeps the cookie id and the record id. */
    private record Columns(String cookie, String record, char separator) {}

    private static final Map<String, Columns> CSV_PROFILES = Map.of(
            "tealium", new Columns("tealium_visitor_id", "crm_record_id", ','),
            "snowplow", new Columns("snowplow_user_id", "crm_record_id", ','),
            "permutive", new Columns("permutive_user_id", "crm_record_id", ','),
            "piano", new Columns("piano_cx_id", "crm_record_id", ','),
            "spotler", new Columns("cookie", "userid", ','),
            "supermetrics", new Columns("analytics_client_id", "crm_record_id", ','),
            "weborama", new Columns("afficheW_id", "crm_record_id", ';'),
            "selligent", new Columns("selligent_cookie_id", "crm_record_id", ','));

    private DeltaFileRows() {}

    /** Every row of {@code file}, in file order (duplicates kept, so a test can see them). */
    public static List<ReferenceMatches.Pair> read(final String dmp, final Path file) throws IOException {
        if ("mediarithmics".equals(dmp)) {
            return readAssociations(file);
        }
        final Columns columns = CSV_PROFILES.get(dmp);
        if (columns == null) {
            throw new IllegalArgumentException("no delta file profile for DMP " + dmp);
        }
        final List<ReferenceMatches.Pair> rows = new ArrayList<>();
        for (final Map<String, String> row : CsvRows.read(file, columns.separator())) {
            rows.add(new ReferenceMatches.Pair(required(row, columns.cookie(), file),
                    required(row, columns.record(), file)));
        }
        return rows;
    }

    private static List<ReferenceMatches.Pair> readAssociations(final Path file) throws IOException {
        final ObjectMapper json = new ObjectMapper();
        final List<ReferenceMatches.Pair> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(CsvRows.open(file), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String cookie = null;
                String record = null;
                for (final JsonNode id : json.readTree(line).get("identifiers")) {
                    switch (id.get("type").asText()) {
                        case "USER_AGENT" -> cookie = id.get("user_agent_id").asText();
                        case "USER_ACCOUNT" -> record = id.get("user_account_id").asText();
                        default -> throw new IllegalStateException("unexpected identifier in " + file + ": " + line);
                    }
                }
                if (cookie == null || record == null) {
                    throw new IllegalStateException("association without agent or account in " + file + ": " + line);
                }
                rows.add(new ReferenceMatches.Pair(cookie, record));
            }
        }
        return rows;
    }

    private static String required(final Map<String, String> row, final String column, final Path file) {
        final String value = row.get(column);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(file + " has no '" + column + "' in row " + row);
        }
        return value;
    }
}
