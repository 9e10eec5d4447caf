package io.bakery.topology;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The obviously-correct model of one client's matching, for property tests: plain sets, and the match set
 * computed from scratch by a triple loop. Replace-all follows the documented rule with one partition: each
 * generation is numbered when first seen, a plain upsert takes the newest number, and COMPLETE(G) deletes
 * records numbered lower than G.
 */
final class ReferenceMatcher {

    private final Set<String> pairs = new HashSet<>();        // bakeryId + " " + cookie
    private final Set<String> links = new HashSet<>();        // identifier + " " + bakeryId
    private final Map<String, Set<String>> records = new HashMap<>();
    private final Map<String, Long> stamps = new HashMap<>();
    private final Map<String, Long> generations = new HashMap<>();
    private long latest;

    void sync(final String bakeryId, final String cookie) {
        pairs.add(bakeryId + " " + cookie);
    }

    void link(final String identifier, final String bakeryId) {
        links.add(identifier + " " + bakeryId);
    }

    void unlink(final String identifier, final String bakeryId) {
        links.remove(identifier + " " + bakeryId);
    }

    void upsert(final String recordId, final Set<String> identifiers) {
        records.put(recordId, new HashSet<>(identifiers));
        stamps.put(recordId, latest);
    }

    void member(final String generation, final String recordId, final Set<String> identifiers) {
        final long seq = seq(generation);
        records.put(recordId, new HashSet<>(identifiers));
        stamps.put(recordId, seq);
    }

    void complete(final String generation) {
        final long seq = seq(generation);
        records.keySet().removeIf(recordId -> stamps.get(recordId) < seq);
    }

    void delete(final String recordId) {
        records.remove(recordId);
    }

    void eraseBakeryId(final String bakeryId) {
        pairs.removeIf(pair -> pair.startsWith(bakeryId + " "));
        links.removeIf(link -> link.endsWith(" " + bakeryId));
    }

    void eraseCookie(final String cookie) {
        pairs.removeIf(pair -> pair.endsWith(" " + cookie));
    }

    void eraseIdentifier(final String identifier) {
        links.removeIf(link -> link.startsWith(identifier + " "));
        records.values().forEach(set -> set.remove(identifier));
    }

    /** Every "cookie record" pair that matches now. */
    Set<String> matches() {
        final Set<String> matches = new TreeSet<>();
        for (final String pair : pairs) {
            final String[] bc = pair.split(" ");
            for (final String link : links) {
                final String[] ib = link.split(" ");
                if (!ib[1].equals(bc[0])) {
                    continue;
                }
                for (final Map.Entry<String, Set<String>> record : records.entrySet()) {
                    if (record.getValue().contains(ib[0])) {
                        matches.add(bc[1] + " " + record.getKey());
                    }
                }
            }
        }
        return matches;
    }

    private long seq(final String generation) {
        return generations.computeIfAbsent(generation, g -> ++latest);
    }
}
