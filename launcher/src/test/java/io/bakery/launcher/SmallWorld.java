package io.bakery.launcher;

import io.bakery.schemas.normalize.Sha256;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The inputs of a small day of traffic, seeded, and the delta rows they must produce, worked out with plain sets
 * and maps (no topology code): browsers visit clients' pages (each client's DMP gives the browser a cookie id),
 * the identity graph links some browsers' Bakery ids to hashed e-mail addresses, and each client uploads CRM
 * records holding one of those hashes. A client's day then lists every (DMP cookie id, record id) where the
 * browser was seen on the client's pages, its Bakery id is linked to a hash, and a record of the client holds it.
 */
public final class SmallWorld {

    /** A configured client as the world uses it: its id, DMP partner value and how its DMP's cookie ids look. */
    public record Client(String id, String partner, CookieIdShape cookieIds) {}

    /** How a DMP's cookie ids look, strictly valid for its partner profile. */
    public enum CookieIdShape {
        HEX32, LOWER_ALNUM16, TOKEN;

        public String next(final Random random) {
            return switch (this) {
                case HEX32 -> hex(random, 16);
                case LOWER_ALNUM16 -> alnum(random, 16);
                case TOKEN -> "sel-" + hex(random, 8);
            };
        }
    }

    /** One row of a delta file. */
    public record Row(String cookieId, String recordId) implements Comparable<Row> {
        @Override
        public int compareTo(final Row other) {
            return (cookieId + "|" + recordId).compareTo(other.cookieId + "|" + other.recordId);
        }
    }

    /** A browser: the clients whose pages it visits with the cookie id each DMP gave it, and its hashed e-mails. */
    public record Browser(int number, Map<String, String> cookieIdByClient, List<String> emailHashes) {}

    /** A CRM record of a client with one hashed e-mail. */
    public record CrmRecord(String clientId, String recordId, String emailHash) {}

    private final List<Client> clients;
    private final List<Browser> browsers;
    private final List<CrmRecord> records;

    private SmallWorld(final List<Client> clients, final List<Browser> browsers, final List<CrmRecord> records) {
        this.clients = clients;
        this.browsers = browsers;
        this.records = records;
    }

    public static SmallWorld generate(final long seed, final List<Client> clients, final int browserCount,
            final int people, final int recordsPerClient) {
        final Random random = new Random(seed);
        final List<String> emailHashes = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            emailHashes.add(Sha256.hex("person-" + p + "@example.com"));
        }
        final List<Browser> browsers = new ArrayList<>();
        for (int b = 0; b < browserCount; b++) {
            final Map<String, String> cookieIds = new LinkedHashMap<>();
            for (final Client client : clients) {
                if (random.nextInt(10) < 6) {
                    cookieIds.put(client.id(), client.cookieIds().next(random));
                }
            }
            if (cookieIds.isEmpty()) {
                final Client client = clients.get(random.nextInt(clients.size()));
                cookieIds.put(client.id(), client.cookieIds().next(random));
            }
            final Set<String> linked = new LinkedHashSet<>();
            final int links = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
            while (linked.size() < links) {
                linked.add(emailHashes.get(random.nextInt(people)));
            }
            browsers.add(new Browser(b, cookieIds, List.copyOf(linked)));
        }
        final List<CrmRecord> records = new ArrayList<>();
        for (final Client client : clients) {
            for (int r = 0; r < recordsPerClient; r++) {
                records.add(new CrmRecord(client.id(), client.id() + "-rec-" + r,
                        emailHashes.get(random.nextInt(people))));
            }
        }
        return new SmallWorld(List.copyOf(clients), List.copyOf(browsers), List.copyOf(records));
    }

    public List<Client> clients() {
        return clients;
    }

    public List<Browser> browsers() {
        return browsers;
    }

    public List<CrmRecord> records(final String clientId) {
        return records.stream().filter(r -> r.clientId().equals(clientId)).toList();
    }

    /** Per client, the rows its delta file(s) for the day must hold. */
    public Map<String, Set<Row>> expectedRows() {
        final Map<String, Set<Row>> rows = new TreeMap<>();
        for (final Client client : clients) {
            final Set<Row> clientRows = new TreeSet<>();
            for (final Browser browser : browsers) {
                final String cookieId = browser.cookieIdByClient().get(client.id());
                if (cookieId == null) {
                    continue;
                }
                for (final CrmRecord record : records(client.id())) {
                    if (browser.emailHashes().contains(record.emailHash())) {
                        clientRows.add(new Row(cookieId, record.recordId()));
                    }
                }
            }
            rows.put(client.id(), clientRows);
        }
        return rows;
    }

    private static String hex(final Random random, final int bytes) {
        final byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static String alnum(final Random random, final int length) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        final StringBuilder value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return value.toString();
    }
}
