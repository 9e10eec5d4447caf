package io.bakery.topology.match;

import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchChange;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.avro.RecordFunnelChange;
import io.bakery.topology.stats.StatsParts;
import io.bakery.topology.store.ExpiryWalk;
import io.bakery.topology.store.PrefixScan;
import io.bakery.topology.store.StoreKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 3 of matching, partitioned by client + DMP cookie id: the client-specific match table. It counts the
 * Bakery ids through which a (cookie, record) pair matches and writes {@code bakery.matches}:
 * ADDED when the count leaves zero, REMOVED when it returns to zero, and SEEN for every matched record of the
 * cookie on each sync hit. It keeps the cookie's newest hit over all Bakery ids, which every match carries as
 * {@code cookieLastSeenAt}; that time expires after the time to live unless the cookie is hit again.
 *
 * <p>The last-seen times have no time index: a hit then writes one store entry (its cookie's time) instead of three
 * (the time, and the index entry's delete and put), and a cookie's state holds its key once. Expiry walks the
 * times with a cursor ({@link ExpiryWalk}), as the pair stage does.
 *
 * <p>The "matched cookies seen in the last 24 hours" statistic is kept as counts of matched cookies per client and
 * last-seen hour ({@value #MATCHED_SEEN_HOURS_STORE}): a count moves when a matched cookie's last-seen hour changes,
 * when the cookie gains its first match or loses its last one, and when its last-seen time is erased or expires.
 * Publishing adds the counts from the hour 24 hours ago on, so its cost is the hours, not the matched cookies
 * (walking every matched cookie and reading its time took seconds of the stream thread at each interval with
 * millions of them). A cookie counts when its last hit is at or after the start of the hour 24 hours ago.
 *
 * <p>It also tells each record's funnel when the record gains or loses a matched cookie, and publishes its share
 * of the client statistics (matched cookies, and those hit in the last 24 hours) at an interval.
 */
public final class MatchTableProcessor implements Processor<ClientCookieKey, MatchChange, Object, Object> {

    public static final String MATCH_PATHS_STORE = "match-paths-store";
    public static final String COOKIE_LAST_SEEN_STORE = "cookie-last-seen-store";
    public static final String COUNTERS_STORE = "match-client-counters-store";
    public static final String MATCHED_SEEN_HOURS_STORE = "matched-cookies-seen-hours-store";

    private static final long DAY_MILLIS = Duration.ofHours(24).toMillis();
    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
    private static final HexFormat HEX = HexFormat.of();

    private final Duration timeToLive;
    private final Duration expiryInterval;
    private final int expiryBatch;
    private final Duration statsInterval;
    private final String matches;
    private final String funnelChanges;
    private final String statsParts;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Bytes, Long> cookiesMatched;
    private KeyValueStore<Bytes, Integer> paths;
    private KeyValueStore<Bytes, Long> lastSeen;
    private KeyValueStore<Bytes, Long> seenHours;
    private boolean seenHoursBuilt;
    private ExpiryWalk expiryWalk;

    /** Forwards matches, record funnel changes and statistics shares to the children so named. */
    public MatchTableProcessor(final String matches, final String funnelChanges, final String statsParts,
            final Duration timeToLive, final Duration expiryInterval, final int expiryBatch,
            final Duration statsInterval) {
        this.matches = matches;
        this.funnelChanges = funnelChanges;
        this.statsParts = statsParts;
        this.timeToLive = timeToLive;
        this.expiryInterval = expiryInterval;
        this.expiryBatch = expiryBatch;
        this.statsInterval = statsInterval;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.cookiesMatched = context.getStateStore(COUNTERS_STORE);
        context.schedule(statsInterval, PunctuationType.WALL_CLOCK_TIME, this::publishStats);
        this.paths = context.getStateStore(MATCH_PATHS_STORE);
        this.lastSeen = context.getStateStore(COOKIE_LAST_SEEN_STORE);
        this.seenHours = context.getStateStore(MATCHED_SEEN_HOURS_STORE);
        this.expiryWalk = new ExpiryWalk(lastSeen, expiryBatch);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(final Record<ClientCookieKey, MatchChange> record) {
        buildSeenHoursOnce();
        final MatchChange change = record.value();
        final String clientId = change.getClientId();
        final String cookie = change.getDmpCookieId();
        final long at = change.getAt().toEpochMilli();
        final Bytes cookieKey = StoreKey.of(clientId, cookie);
        switch (change.getKind()) {
            case TOUCHED: {
                final Long before = lastSeen.get(cookieKey);
                final long seen = see(cookieKey, before, change.getCookieSeenAt().toEpochMilli());
                final List<KeyValue<List<String>, Integer>> matched = PrefixScan.entries(paths, clientId, cookie);
                if (!matched.isEmpty()) {
                    moveSeenHour(clientId, before, seen);
                }
                for (final KeyValue<List<String>, Integer> path : matched) {
                    emit(MatchKind.SEEN, clientId, cookie, path.key.get(2), change.getBakeryId(), at, seen);
                }
                break;
            }
            case LINKED: {
                final Long before = lastSeen.get(cookieKey);
                final long seen = see(cookieKey, before, change.getCookieSeenAt().toEpochMilli());
                final Bytes key = StoreKey.of(clientId, cookie, change.getRecordId());
                final Integer count = paths.get(key);
                if (count != null || PrefixScan.any(paths, clientId, cookie)) {
                    moveSeenHour(clientId, before, seen);
                } else {
                    countCookie(clientId, +1);
                    countSeenHour(clientId, seen, +1);
                }
                paths.put(key, count == null ? 1 : count + 1);
                if (count == null) {
                    emit(MatchKind.ADDED, clientId, cookie, change.getRecordId(), change.getBakeryId(), at, seen);
                    funnel(clientId, change.getRecordId(), +1, at);
                }
                break;
            }
            case UNLINKED: {
                final Bytes key = StoreKey.of(clientId, cookie, change.getRecordId());
                final Integer count = paths.get(key);
                if (count == null) {
                    return;
                }
                if (count > 1) {
                    paths.put(key, count - 1);
                    return;
                }
                paths.delete(key);
                final Long seen = lastSeen.get(cookieKey);
                if (!PrefixScan.any(paths, clientId, cookie)) {
                    countCookie(clientId, -1);
                    if (seen != null) {
                        countSeenHour(clientId, seen, -1);
                    }
                }
                funnel(clientId, change.getRecordId(), -1, at);
                emit(MatchKind.REMOVED, clientId, cookie, change.getRecordId(), change.getBakeryId(), at,
                        seen == null ? change.getCookieSeenAt().toEpochMilli() : seen);
                break;
            }
            case COOKIE_ERASED: {
                // Read first: a delete of an absent key would still write a tombstone to the changelog.
                final Long seen = lastSeen.get(cookieKey);
                if (seen != null) {
                    forgetLastSeen(clientId, cookie, cookieKey, seen);
                }
                break;
            }
            default:
                throw new IllegalStateException("unknown match change " + change.getKind());
        }
    }

    /** Records a hit of the cookie at {@code seenAt} over its last hit {@code before}; returns the newest hit. */
    private long see(final Bytes cookieKey, final Long before, final long seenAt) {
        if (before != null && before >= seenAt) {
            return before;
        }
        lastSeen.put(cookieKey, seenAt);
        return seenAt;
    }

    /** Deletes the cookie's last-seen time; a matched cookie leaves its hour's count. */
    private void forgetLastSeen(final String clientId, final String cookie, final Bytes cookieKey, final long seen) {
        lastSeen.delete(cookieKey);
        if (PrefixScan.any(paths, clientId, cookie)) {
            countSeenHour(clientId, seen, -1);
        }
    }

    /** A matched cookie's last hit went from {@code before} (null: none) to {@code seen}. */
    private void moveSeenHour(final String clientId, final Long before, final long seen) {
        if (before != null && hour(before) == hour(seen)) {
            return;
        }
        if (before != null) {
            countSeenHour(clientId, before, -1);
        }
        countSeenHour(clientId, seen, +1);
    }

    private void countSeenHour(final String clientId, final long seen, final long delta) {
        final Bytes key = seenHourKey(clientId, hour(seen));
        final Long count = seenHours.get(key);
        final long next = (count == null ? 0 : count) + delta;
        if (next <= 0) {
            if (count != null) {
                seenHours.delete(key);
            }
        } else {
            seenHours.put(key, next);
        }
    }

    private static long hour(final long time) {
        return Math.floorDiv(time, HOUR_MILLIS);
    }

    /** The client, then the hour as 16 hex digits (8 bytes packed), so a client's hours are in time order. */
    private static Bytes seenHourKey(final String clientId, final long hour) {
        return StoreKey.of(clientId, HEX.toHexDigits(hour));
    }

    /**
     * Fills the hour counts from the match paths and last-seen times when the task has matched cookies but no
     * counts: its state predates the counts store. Afterwards every change keeps them. Runs once per processor,
     * before anything else touches the counts. (No counts with matched cookies can also mean that none of them
     * has a last-seen time left; the walk then finds nothing to count.)
     */
    private void buildSeenHoursOnce() {
        if (seenHoursBuilt) {
            return;
        }
        if (isEmpty(seenHours) && !isEmpty(paths)) {
            String previousClient = null;
            String previousCookie = null;
            final Map<Bytes, Long> counts = new HashMap<>();
            try (KeyValueIterator<Bytes, Integer> it = paths.all()) {
                while (it.hasNext()) {
                    final List<String> parts = StoreKey.parts(it.next().key);
                    if (parts.get(1).equals(previousCookie) && parts.get(0).equals(previousClient)) {
                        continue;
                    }
                    previousClient = parts.get(0);
                    previousCookie = parts.get(1);
                    final Long seen = lastSeen.get(StoreKey.of(previousClient, previousCookie));
                    if (seen != null) {
                        counts.merge(seenHourKey(previousClient, hour(seen)), 1L, Long::sum);
                    }
                }
            }
            counts.forEach(seenHours::put);
        }
        seenHoursBuilt = true;
    }

    private static boolean isEmpty(final KeyValueStore<Bytes, ?> store) {
        try (KeyValueIterator<Bytes, ?> it = store.all()) {
            return !it.hasNext();
        }
    }

    private void expire(final long now) {
        buildSeenHoursOnce();
        // Matches go away when their sync pairs expire upstream; here only the last-seen time is forgotten.
        for (final Bytes key : expiryWalk.nextDue(now - timeToLive.toMillis())) {
            final List<String> parts = StoreKey.parts(key);
            final Long seen = lastSeen.get(key);
            if (seen != null) {
                forgetLastSeen(parts.get(0), parts.get(1), key, seen);
            }
        }
    }

    private void emit(final MatchKind kind, final String clientId, final String cookie, final String recordId,
            final String bakeryId, final long at, final long seen) {
        context.forward(new Record<>(new ClientCookieKey(clientId, cookie),
                new Match(kind, clientId, cookie, recordId, bakeryId, Instant.ofEpochMilli(at), Instant.ofEpochMilli(seen)),
                at), matches);
    }

    private void funnel(final String clientId, final String recordId, final int cookiesDelta, final long at) {
        context.forward(new Record<Object, Object>(new ClientRecordKey(clientId, recordId),
                new RecordFunnelChange(clientId, recordId, 0, cookiesDelta), at), funnelChanges);
    }

    private void countCookie(final String clientId, final long delta) {
        final Bytes key = StoreKey.of(clientId);
        final Long count = cookiesMatched.get(key);
        // A count that returns to zero stays: the client's share is then published as zero, where a deleted
        // count published nothing and left the client's last non-zero share standing in the statistics.
        cookiesMatched.put(key, Math.max(0, (count == null ? 0 : count) + delta));
    }

    /** Adds to each client's share its matched cookies last hit at or after the start of {@code since}'s hour. */
    private void countMatchedCookiesSeenSince(final long since, final Map<String, ClientStats> shares) {
        final String last = HEX.toHexDigits(Long.MAX_VALUE);
        for (final ClientStats share : shares.values()) {
            long seen = 0;
            try (KeyValueIterator<Bytes, Long> it = seenHours.range(seenHourKey(share.getClientId(), hour(since)),
                    StoreKey.of(share.getClientId(), last))) {
                while (it.hasNext()) {
                    seen += it.next().value;
                }
            }
            share.setCookiesMatchedSeenLast24h(seen);
        }
    }

    private void publishStats(final long now) {
        buildSeenHoursOnce();
        final Map<String, ClientStats> shares = new TreeMap<>();
        try (KeyValueIterator<Bytes, Long> it = cookiesMatched.all()) {
            while (it.hasNext()) {
                final KeyValue<Bytes, Long> entry = it.next();
                final String clientId = StoreKey.parts(entry.key).get(0);
                shares.computeIfAbsent(clientId, StatsParts::empty).setCookiesMatched(entry.value);
            }
        }
        countMatchedCookiesSeenSince(now - DAY_MILLIS, shares);
        final String part = "match-table/" + context.taskId();
        for (final ClientStats share : shares.values()) {
            share.setUpdatedAt(Instant.ofEpochMilli(now));
            context.forward(StatsParts.record(share, part, now), statsParts);
        }
    }
}
