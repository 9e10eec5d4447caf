package io.bakery.launcher.world;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates a synthetic world from a seed: an identity graph, and per configured client a CRM export (hashed and
 * plaintext) and a day of pixel hits, written as plain CSV/NDJSON so the expected matches can be recomputed from
 * the files alone. The same seed, size and client list always give the same bytes.
 *
 * <p>What makes it realistic enough to exercise every path: people with two devices and households sharing an
 * address (one identifier, several Bakery ids); CRM records of people outside the graph, the same person twice
 * under two record ids, exact duplicate rows and a few bad rows; visitors that come back, browsers that drop
 * third-party cookies, browsers new to Bakery, and consent granted, refused (TCF without our vendor, GPC) or not
 * signalled.
 */
public final class WorldGenerator {

    /** Consent a browser sends with every hit; see the world README for what each one means on the wire. */
    public static final List<String> CONSENTS = List.of("none", "gdpr-granted", "gdpr-no-vendor", "gpc");

    private static final String[] FIRST = {"anna", "bram", "chloe", "daan", "emma", "finn", "julia", "lars",
        "lotte", "milan", "noor", "sem", "sophie", "thijs", "yara", "zoe"};
    private static final String[] LAST = {"bakker", "dekker", "devries", "jansen", "mulder", "peters", "smit",
        "visser", "vos", "willems"};
    private static final String[] DOMAINS = {"example.com", "example.nl", "example.org", "mail.example"};

    private final long seed;
    private final WorldSize size;
    private final BakeryConfig config;
    private final Random random;
    private final CookieIdFactory cookieIds;

    public WorldGenerator(final long seed, final WorldSize size, final BakeryConfig config) {
        this.seed = seed;
        this.size = size;
        this.config = config;
        this.random = new Random(seed);
        this.cookieIds = new CookieIdFactory(random);
    }

    /** Writes the world into {@code folder} (created; existing world files are replaced) and describes it. */
    public World writeTo(final Path folder) throws IOException {
        Files.createDirectories(folder.resolve("crm"));
        Files.createDirectories(folder.resolve("hits"));
        final List<Person> graphPeople = people(size.people(), true);
        final List<Person> outsiders = people(Math.max(3, size.people() / 4), false);
        final Path graph = folder.resolve(World.GRAPH_FILE);
        final int links = writeGraph(graph, graphPeople);
        final List<String> devices = new ArrayList<>();
        graphPeople.forEach(p -> devices.addAll(p.bakeryIds()));

        final List<World.ClientWorld> clients = new ArrayList<>();
        boolean pullTaken = false;
        for (final ClientConfig client : config.clients()) {
            final boolean pull = !pullTaken && client.pull() != null;
            pullTaken |= pull;
            final List<CrmRow> crm = crm(client.id(), graphPeople, outsiders);
            final Path hashed = folder.resolve("crm").resolve(client.id() + ".csv");
            final Path plain = folder.resolve("crm").resolve(client.id() + ".plain.csv");
            writeCrm(hashed, plain, crm);
            final Path hits = folder.resolve("hits").resolve(client.id() + ".csv");
            final String partner = client.partners().get(0);
            final int hitCount = writeHits(hits, client, partner, devices);
            clients.add(new World.ClientWorld(client.id(), client.dmp().configName(), partner,
                    pull ? World.CrmRoute.PULL : World.CrmRoute.API, hashed, plain, hits, crm.size(), hitCount));
        }
        writeClients(folder.resolve(World.CLIENTS_FILE), clients);
        writeReadme(folder.resolve(World.README_FILE));
        return new World(folder, graph, links, List.copyOf(clients));
    }

    // --- people and the graph ----------------------------------------------------------------------------------

    private List<Person> people(final int count, final boolean inGraph) {
        final List<Person> people = new ArrayList<>(count);
        final String tag = inGraph ? "" : "x";
        for (int i = 0; i < count; i++) {
            final String email = FIRST[random.nextInt(FIRST.length)] + "." + LAST[random.nextInt(LAST.length)]
                    + tag + i + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            String phone = null;
            if (random.nextInt(100) < 70) {
                phone = "+3161" + String.format(Locale.ROOT, "%07d", random.nextInt(10_000_000));
                phone = HashedIdentifiers.validPhone(phone) ? phone : null;
            }
            String postcode = null;
            String houseNumber = null;
            if (!people.isEmpty() && random.nextInt(100) < 20 && people.get(i - 1).hasAddress()) {
                // A household: same address as the previous person.
                postcode = people.get(i - 1).postcode();
                houseNumber = people.get(i - 1).houseNumber();
            } else if (random.nextInt(100) < 75) {
                postcode = (1000 + random.nextInt(9000)) + "" + (char) ('A' + random.nextInt(26))
                        + (char) ('A' + random.nextInt(26));
                houseNumber = Integer.toString(1 + random.nextInt(300));
            }
            final List<String> devices = new ArrayList<>();
            if (inGraph) {
                devices.add(bakeryId());
                if (random.nextInt(100) < 30) {
                    devices.add(bakeryId());
                }
            }
            people.add(new Person(email, phone, postcode, houseNumber, List.copyOf(devices)));
        }
        return people;
    }

    private String bakeryId() {
        final byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static int writeGraph(final Path file, final List<Person> people) throws IOException {
        int links = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (final Person person : people) {
                for (final String bakeryId : person.bakeryIds()) {
                    links += link(out, bakeryId, "email_sha256", HashedIdentifiers.email(person));
                    if (person.phone() != null) {
                        links += link(out, bakeryId, "phone_sha256", HashedIdentifiers.phone(person));
                    }
                    if (person.hasAddress()) {
                        links += link(out, bakeryId, "address_sha256", HashedIdentifiers.address(person));
                    }
                }
            }
        }
        return links;
    }

    private static int link(final BufferedWriter out, final String bakeryId, final String type, final String hash)
            throws IOException {
        out.write("{\"bakery_id\":\"" + bakeryId + "\",\"type\":\"" + type + "\",\"hash\":\"" + hash
                + "\",\"op\":\"add\"}\n");
        return 1;
    }

    // --- CRM ---------------------------------------------------------------------------------------------------

    /** One CRM row: a good record (some fields left out), or a bad one ({@code bad} names what is wrong). */
    private record CrmRow(String recordId, Person person, boolean email, boolean phone, boolean address, String bad) {}

    private List<CrmRow> crm(final String clientId, final List<Person> graphPeople, final List<Person> outsiders) {
        final Set<Person> chosen = new LinkedHashSet<>();
        while (chosen.size() < Math.min(size.crmRecords(), graphPeople.size() + outsiders.size())) {
            chosen.add(random.nextInt(100) < 75 ? graphPeople.get(random.nextInt(graphPeople.size()))
                    : outsiders.get(random.nextInt(outsiders.size())));
        }
        final List<CrmRow> rows = new ArrayList<>();
        int next = 1;
        for (final Person person : chosen) {
            rows.add(record(clientId + "-" + next++, person));
            if (random.nextInt(100) < 3) {
                rows.add(record(clientId + "-" + next++, person)); // the same person entered twice
            }
        }
        final int duplicates = Math.max(1, rows.size() / 50);
        for (int i = 0; i < duplicates; i++) {
            rows.add(rows.get(random.nextInt(rows.size()))); // an exact duplicate row
        }
        final int bad = Math.max(2, rows.size() / 100);
        final List<Person> all = new ArrayList<>(chosen);
        for (int i = 0; i < bad; i++) {
            final Person person = all.get(random.nextInt(all.size()));
            rows.add(new CrmRow(i % 2 == 0 ? clientId + "-bad-" + i : "", person, true, false, false,
                    i % 2 == 0 ? "bad-email" : "no-record-id"));
        }
        Collections.shuffle(rows, random);
        return rows;
    }

    private CrmRow record(final String recordId, final Person person) {
        boolean email = random.nextInt(100) < 85;
        final boolean phone = person.phone() != null && random.nextInt(100) < 60;
        final boolean address = person.hasAddress() && random.nextInt(100) < 50;
        email |= !phone && !address;
        return new CrmRow(recordId, person, email, phone, address, null);
    }

    private static void writeCrm(final Path hashed, final Path plain, final List<CrmRow> rows) throws IOException {
        try (BufferedWriter h = Files.newBufferedWriter(hashed, StandardCharsets.UTF_8);
                BufferedWriter p = Files.newBufferedWriter(plain, StandardCharsets.UTF_8)) {
            h.write("record_id,email_sha256,phone_sha256,address_sha256\n");
            p.write("record_id,email,phone,country,postcode,house_number\n");
            for (final CrmRow row : rows) {
                final Person person = row.person();
                if ("bad-email".equals(row.bad())) {
                    // Plaintext: an address without '@'; hashed: a value that is not a SHA-256.
                    h.write(row.recordId() + ",not-a-sha256-" + row.recordId() + ",,\n");
                    p.write(row.recordId() + "," + person.email().replace('@', '#') + ",,,,\n");
                    continue;
                }
                final String email = row.email() ? HashedIdentifiers.email(person) : "";
                final String phone = row.phone() ? HashedIdentifiers.phone(person) : "";
                final String address = row.address() ? HashedIdentifiers.address(person) : "";
                h.write(row.recordId() + "," + email + "," + phone + "," + address + "\n");
                p.write(row.recordId() + "," + (row.email() ? person.email() : "") + ","
                        + (row.phone() ? person.phone() : "") + ","
                        + (row.address() ? Person.COUNTRY + "," + person.postcode() + "," + person.houseNumber() : ",,")
                        + "\n");
            }
        }
    }

    // --- pixel hits --------------------------------------------------------------------------------------------

    private int writeHits(final Path file, final ClientConfig client, final String partner, final List<String> devices)
            throws IOException {
        final List<String> lines = new ArrayList<>();
        for (int browser = 0; browser < size.visitors(); browser++) {
            // Most visitors are devices the graph knows; the rest are browsers Bakery has never seen.
            final String bakeryId = random.nextInt(100) < 80 ? devices.get(random.nextInt(devices.size())) : "";
            final String cookieId = cookieIds.next(client.dmp());
            final boolean thirdPartyCookies = random.nextInt(100) >= 12;
            final int c = random.nextInt(100);
            final String consent = c < 55 ? "none" : c < 85 ? "gdpr-granted" : c < 93 ? "gdpr-no-vendor" : "gpc";
            // A browser without third-party cookies never got our cookie, whatever it did before.
            final String sent = thirdPartyCookies ? bakeryId : "";
            final int visits = 1 + (random.nextInt(100) < 60 ? 1 + random.nextInt(3) : 0);
            for (int v = 0; v < visits; v++) {
                lines.add(client.id() + "-b" + browser + "," + partner + "," + cookieId + "," + sent + ","
                        + thirdPartyCookies + "," + consent);
            }
        }
        Collections.shuffle(lines, random);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("browser,partner,cookie_id,bakery_id,third_party_cookies,consent\n");
            for (final String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        return lines.size();
    }

    // --- description -------------------------------------------------------------------------------------------

    private static void writeClients(final Path file, final List<World.ClientWorld> clients) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("client,dmp,partner,crm_route,crm_rows,hits\n");
            for (final World.ClientWorld c : clients) {
                out.write(c.clientId() + "," + c.dmp() + "," + c.partner() + ","
                        + c.route().name().toLowerCase(Locale.ROOT) + "," + c.crmRows() + "," + c.hitCount() + "\n");
            }
        }
    }

    private void writeReadme(final Path file) throws IOException {
        try (InputStream template = WorldGenerator.class.getResourceAsStream("world-README.md")) {
            final String text = new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{seed}", Long.toString(seed))
                    .replace("{size}", size.people() + " people, " + size.crmRecords() + " CRM records and "
                            + size.visitors() + " visitors per client");
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
