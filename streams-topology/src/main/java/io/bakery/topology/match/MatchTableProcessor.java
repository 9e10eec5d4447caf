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
 * times with a cursor ({@link ExpiryWalk}), as the pair stage does; the "seen in the last 24 hours" statistic walks
 * the match paths, i.e. only matched cookies, and reads each one's time.
 *
 * <p>It also tells each record's funnel when the record gains or loses a matched cookie, and publishes its share
 * of the client statistics (matched cookies, and those hit in the last 24 hours) at an interval.
 */
public final class MatchTableProcessor implements Processor<ClientCookieKey, MatchChange, Object, Object> {

    public static final String MATCH_PATHS_STORE = "match-paths-store";
    public static final String COOKIE_LAST_SEEN_STORE = "cookie-last-seen-store";
    public static final String COUNTERS_STORE = "match-client-counters-store";

    private static final long DAY_MILLIS = Duration.ofHours(24).toMillis();

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
        this.expiryWalk = new ExpiryWalk(lastSeen, expiryBatch);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(final Record<ClientCookieKey, MatchChange> record) {
        final MatchChange change = record.value();
        final String clientId = change.getClientId();
        final String cookie = change.getDmpCookieId();
        final long at = change.getAt().toEpochMilli();
        switch (change.getKind()) {
            case TOUCHED: {
                final long seen = see(clientId, cookie, change.getCookieSeenAt().toEpochMilli());
                for (final KeyValue<List<String>, Integer> path : PrefixScan.entries(paths, clientId, cookie)) {
                    emit(MatchKind.SEEN, clientId, cookie, path.key.get(2), change.getBakeryId(), at, seen);
                }
                break;
            }
            case LINKED: {
                final long seen = see(clientId, cookie, change.getCookieSeenAt().toEpochMilli());
                final Bytes key = StoreKey.of(clientId, cookie, change.getRecordId());
                final Integer count = paths.get(key);
                if (count == null && !PrefixScan.any(paths, clientId, cookie)) {
                    countCookie(clientId, +1);
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
                if (!PrefixScan.any(paths, clientId, cookie)) {
                    countCookie(clientId, -1);
                }
                funnel(clientId, change.getRecordId(), -1, at);
                final Long seen = lastSeen.get(StoreKey.of(clientId, cookie));
                emit(MatchKind.REMOVED, clientId, cookie, change.getRecordId(), change.getBakeryId(), at,
                        seen == null ? change.getCookieSeenAt().toEpochMilli() : seen);
                break;
            }
            case COOKIE_ERASED: {
                final Bytes key = StoreKey.of(clientId, cookie);
                // Read first: a delete of an absent key would still write a tombstone to the changelog.
                if (lastSeen.get(key) != null) {
                    lastSeen.delete(key);
                }
                break;
            }
            default:
                throw new IllegalStateException("unknown match change " + change.getKind());
        }
    }

    /** Records a hit of the cookie at {@code seenAt} and returns the cookie's newest hit. */
    private long see(final String clientId, final String cookie, final long seenAt) {
        final Bytes key = StoreKey.of(clientId, cookie);
        final Long old = lastSeen.get(key);
        if (old != null && old >= seenAt) {
            return old;
        }
        lastSeen.put(key, seenAt);
        return seenAt;
    }

    private void expire(final long now) {
        // Matches go away when their sync pairs expire upstream; here only the last-seen time is forgotten.
        for (final Bytes key : expiryWalk.nextDue(now - timeToLive.toMillis())) {
            lastSeen.delete(key);
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
        final long next = (count == null ? 0 : count) + delta;
        if (next <= 0) {
            cookiesMatched.delete(key);
        } else {
            cookiesMatched.put(key, next);
        }
    }

    /**
     * Adds to each client's share the matched cookies last hit at or after {@code since}. The paths store holds
     * only matched cookies, each one's records next to each other, so one walk visits every matched cookie once.
     */
    private void countMatchedCookiesSeenSince(final long since, final Map<String, ClientStats> shares) {
        String previousClient = null;
        String previousCookie = null;
        try (KeyValueIterator<Bytes, Integer> it = paths.all()) {
            while (it.hasNext()) {
                final List<String> parts = StoreKey.parts(it.next().key);
                final String clientId = parts.get(0);
                final String cookie = parts.get(1);
                if (cookie.equals(previousCookie) && clientId.equals(previousClient)) {
                    continue;
                }
                previousClient = clientId;
                previousCookie = cookie;
                final Long seen = lastSeen.get(StoreKey.of(clientId, cookie));
                if (seen != null && seen >= since) {
                    final ClientStats share = shares.computeIfAbsent(clientId, StatsParts::empty);
                    share.setCookiesMatchedSeenLast24h(share.getCookiesMatchedSeenLast24h() + 1);
                }
            }
        }
    }

    private void publishStats(final long now) {
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
