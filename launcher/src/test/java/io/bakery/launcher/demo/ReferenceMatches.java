package io.bakery.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one client's delta file and funnel must hold, recomputed from a generated world's input files alone with
 * plain sets and maps, following the rules the world's README states. It shares no code with the generator, the
 * gateway or the topology, so a bug there cannot hide in the expectation.
 *
 * <p>For the client whose CRM is pulled as plaintext, the identifiers are hashed here with plain SHA-256 of the
 * spec v1 value. That shortcut only holds for the simple forms the world writes (lower-case e-mails, {@code +31}
 * mobile numbers, NL postcodes without spaces, bare house numbers), so every value is checked to be in that form
 * first and anything else fails the test instead of being guessed.
 */
public final class ReferenceMatches {

    /** The identifier types, as the graph and the hashed CRM files name them. */
    private static final List<String> TYPES = List.of("email_sha256", "phone_sha256", "address_sha256");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIMPLE_EMAIL = Pattern.compile("[a-z0-9.]+@[a-z0-9]+(\\.[a-z0-9]+)+");
    private static final Pattern SIMPLE_PHONE = Pattern.compile("\\+31[0-9]{9}");
    private static final Pattern NL_POSTCODE = Pattern.compile("[1-9][0-9]{3}[A-Z]{2}");
    private static final Pattern HOUSE_NUMBER = Pattern.compile("[1-9][0-9]{0,5}");

    /** One delta row: a DMP cookie id and the client's CRM record id it matched. */
    public record Pair(String cookieId, String recordId) {}

    /** Why hits of the day were not stored, counted for the guard that the world exercises every rule. */
    public record DroppedHits(int noThirdPartyCookies, int consentRefused, int noBakeryId) {}

    private final Set<Pair> pairs;
    private final int records;
    private final int linkedRecords;
    private final int rejectedRows;
    private final DroppedHits dropped;

    private ReferenceMatches(final Set<Pair> pairs, final int records, final int linkedRecords, final int rejectedRows,
            final DroppedHits dropped) {
        this.pairs = pairs;
        this.records = records;
        this.linkedRecords = linkedRecords;
        this.rejectedRows = rejectedRows;
        this.dropped = dropped;
    }

    /** The expectation for {@code clientId} in the world written to {@code world}. */
    public static ReferenceMatches of(final Path world, final String clientId) throws IOException {
        final Map<String, Set<String>> graph = graph(world.resolve("graph.ndjson"));
        final boolean pulled = "pull".equals(clientRow(world, clientId).get("crm_route"));
        final Map<String, Set<String>> crm = new LinkedHashMap<>();
        final int rejected = pulled
                ? readPlaintextCrm(world.resolve("crm").resolve(clientId + ".plain.csv"), crm)
                : readHashedCrm(world.resolve("crm").resolve(clientId + ".csv"), crm);

        // identifier (type:hash) -> the client's records carrying it
        final Map<String, Set<String>> recordsByIdentifier = new HashMap<>();
        crm.forEach((recordId, ids) -> ids.forEach(
                id -> recordsByIdentifier.computeIfAbsent(id, k -> new HashSet<>()).add(recordId)));
        final Set<String> graphIdentifiers = new HashSet<>();
        graph.values().forEach(graphIdentifiers::addAll);
        final int linked = (int) crm.values().stream().filter(ids -> ids.stream().anyMatch(graphIdentifiers::contains))
                .count();

        final Set<Pair> pairs = new HashSet<>();
        int noCookies = 0;
        int refused = 0;
        int noBakeryId = 0;
        for (final Map<String, String> hit : CsvRows.read(world.resolve("hits").resolve(clientId + ".csv"), ',')) {
            final String consent = hit.get("consent");
            if (!"true".equals(hit.get("third_party_cookies"))) {
                noCookies++;
            } else if (!consent.equals("none") && !consent.equals("gdpr-granted")) {
                refused++;
            } else if (hit.get("bakery_id").isEmpty()) {
                noBakeryId++;
            } else {
                for (final String id : graph.getOrDefault(hit.get("bakery_id"), Set.of())) {
                    for (final String recordId : recordsByIdentifier.getOrDefault(id, Set.of())) {
                        pairs.add(new Pair(hit.get("cookie_id"), recordId));
                    }
                }
            }
        }
        return new ReferenceMatches(Set.copyOf(pairs), crm.size(), linked, rejected,
                new DroppedHits(noCookies, refused, noBakeryId));
    }

    /** The rows the client's delta file holds, each once. */
    public Set<Pair> pairs() {
        return pairs;
    }

    /** Valid CRM records (first row of each record id, no bad value). */
    public int records() {
        return records;
    }

    /** Records with at least one identifier some Bakery id in the graph has. */
    public int linkedRecords() {
        return linkedRecords;
    }

    /** Records with at least one matched cookie. */
    public int matchedRecords() {
        return pairs.stream().map(Pair::recordId).collect(Collectors.toSet()).size();
    }

    /** Cookies matched to at least one record (all of them hit today, so also those seen in the last 24 h). */
    public int matchedCookies() {
        return pairs.stream().map(Pair::cookieId).collect(Collectors.toSet()).size();
    }

    /** CRM rows rejected or dropped as a repeat of an earlier record id. */
    public int rejectedRows() {
        return rejectedRows;
    }

    /** The day's hits that were not stored, by reason. */
    public DroppedHits droppedHits() {
        return dropped;
    }

    /** The client's line of {@code clients.csv}. */
    public static Map<String, String> clientRow(final Path world, final String clientId) throws IOException {
        return CsvRows.read(world.resolve("clients.csv"), ',').stream()
                .filter(row -> row.get("client").equals(clientId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + clientId + " in clients.csv"));
    }

    /** Bakery id -> its identifiers as {@code type:hash}; every line of the world's graph adds a link. */
    private static Map<String, Set<String>> graph(final Path file) throws IOException {
        final ObjectMapper json = new ObjectMapper();
        final Map<String, Set<String>> graph = new HashMap<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            final JsonNode link = json.readTree(line);
            if (!"add".equals(link.get("op").asText())) {
                throw new IllegalStateException("the reference only knows 'add' links: " + line);
            }
            graph.computeIfAbsent(link.get("bakery_id").asText(), k -> new HashSet<>())
                    .add(link.get("type").asText() + ":" + link.get("hash").asText());
        }
        return graph;
    }

    /** Hashed CRM: a row counts when it has a record id not seen before and every filled cell is a SHA-256. */
    private static int readHashedCrm(final Path file, final Map<String, Set<String>> crm) throws IOException {
        int rejected = 0;
        for (final Map<String, String> row : CsvRows.read(file, ',')) {
            final String recordId = row.get("record_id");
            final Set<String> ids = new HashSet<>();
            boolean valid = !recordId.isEmpty() && !crm.containsKey(recordId);
            for (final String type : TYPES) {
                final String hash = row.get(type);
                if (!hash.isEmpty()) {
                    valid &= SHA256.matcher(hash).matches();
                    ids.add(type + ":" + hash);
                }
            }
            if (valid && !ids.isEmpty()) {
                crm.put(recordId, ids);
            } else {
                rejected++;
            }
        }
        return rejected;
    }

    /** Plaintext CRM: a row counts when it has a new record id and its e-mail, if any, has an {@code @}. */
    private static int readPlaintextCrm(final Path file, final Map<String, Set<String>> crm) throws IOException {
        int rejected = 0;
        for (final Map<String, String> row : CsvRows.read(file, ',')) {
            final String recordId = row.get("record_id");
            final String email = row.get("email");
            if (recordId.isEmpty() || crm.containsKey(recordId) || (!email.isEmpty() && !email.contains("@"))) {
                rejected++;
                continue;
            }
            final Set<String> ids = new HashSet<>();
            if (!email.isEmpty()) {
                ids.add("email_sha256:" + sha256(simple(email, SIMPLE_EMAIL)));
            }
            if (!row.get("phone").isEmpty()) {
                // Spec v1 hashes E.164 without the '+'.
                ids.add("phone_sha256:" + sha256(simple(row.get("phone"), SIMPLE_PHONE).substring(1)));
            }
            if (!row.get("postcode").isEmpty()) {
                ids.add("address_sha256:" + sha256(simple(row.get("country"), Pattern.compile("NL")) + "|"
                        + simple(row.get("postcode"), NL_POSTCODE) + "|"
                        + simple(row.get("house_number"), HOUSE_NUMBER) + "|"));
            }
            crm.put(recordId, ids);
        }
        return rejected;
    }

    private static String simple(final String value, final Pattern form) {
        if (!form.matcher(value).matches()) {
            throw new IllegalStateException("the reference hashes only simple forms; '" + form.pattern()
                    + "' does not cover a value of the world's plaintext CRM");
        }
        return value;
    }

    private static String sha256(final String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
