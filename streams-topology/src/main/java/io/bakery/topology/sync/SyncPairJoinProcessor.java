package io.bakery.topology.sync;

import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.MatchChange;
import io.bakery.schemas.avro.MatchChangeKind;
import io.bakery.schemas.avro.RecordFunnelChange;
import io.bakery.schemas.avro.RecordLinkChange;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.topology.store.ExpiryWalk;
import io.bakery.topology.store.PrefixScan;
import io.bakery.topology.store.StoreKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2 of matching, partitioned by client + Bakery id: the client-specific match table's inputs meet. Sync
 * pairs (client, Bakery id, DMP cookie id) meet record links (client, Bakery id, record id, counted by path). A
 * sync hit touches its cookie; a new pair or a record link that appears emits LINKED for every (cookie, record)
 * combination under the same Bakery id, and their disappearance UNLINKED. Everything goes to the match table
 * keyed by client + cookie, where paths over several Bakery ids are counted. Sync pairs expire after the time
 * to live.
 *
 * <p>Expiry walks the pairs store with a cursor ({@link ExpiryWalk}), {@code expiryBatch} pairs per run, and wraps
 * around: a pair goes at most one full walk after its time to live. There is no time index: a hit then writes one
 * store entry instead of three, and a pair takes a third less disk, for an expiry that is late by hours on a
 * 13-month TTL.
 *
 * <p>A hit not newer than its pair's last hit (a duplicate, or one arriving late) changes nothing. When a
 * record gains its first path to a Bakery id, or loses its last one, the record's funnel is told.
 */
public final class SyncPairJoinProcessor implements Processor<Object, Object, Object, Object> {

    public static final String PAIRS_STORE = "sync-pairs-store";
    public static final String PAIRS_BY_COOKIE_STORE = "sync-pairs-by-cookie-store";
    public static final String RECORD_LINKS_STORE = "record-links-store";

    private static final byte[] PRESENT = new byte[0];

    private final Duration timeToLive;
    private final Duration expiryInterval;
    private final int expiryBatch;
    private final String matchChanges;
    private final String funnelChanges;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Bytes, Long> pairs;
    private KeyValueStore<Bytes, byte[]> pairsByCookie;
    private ExpiryWalk expiryWalk;
    private KeyValueStore<Bytes, Integer> recordLinks;

    /** Forwards match changes to child {@code matchChanges} and record funnel changes to {@code funnelChanges}. */
    public SyncPairJoinProcessor(final String matchChanges, final String funnelChanges, final Duration timeToLive,
            final Duration expiryInterval, final int expiryBatch) {
        this.matchChanges = matchChanges;
        this.funnelChanges = funnelChanges;
        this.timeToLive = timeToLive;
        this.expiryInterval = expiryInterval;
        this.expiryBatch = expiryBatch;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pairs = context.getStateStore(PAIRS_STORE);
        this.expiryWalk = new ExpiryWalk(pairs, expiryBatch);
        this.pairsByCookie = context.getStateStore(PAIRS_BY_COOKIE_STORE);
        this.recordLinks = context.getStateStore(RECORD_LINKS_STORE);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(final Record<Object, Object> record) {
        final Object value = record.value();
        if (value instanceof SyncEvent) {
            hit((SyncEvent) value);
        } else if (value instanceof RecordLinkChange) {
            changeLink((RecordLinkChange) value, record.timestamp());
        } else if (value instanceof Erasure) {
            erase(((Erasure) value).getSubject(), record.timestamp());
        }
    }

    private void hit(final SyncEvent event) {
        final String clientId = event.getClientId();
        final String bakeryId = event.getBakeryId();
        final String cookie = event.getDmpCookieId();
        final long at = event.getReceivedAt().toEpochMilli();
        final Bytes key = StoreKey.of(bakeryId, clientId, cookie);
        final Long old = pairs.get(key);
        if (old != null && at <= old) {
            return;
        }
        pairs.put(key, at);
        // The touch first: the match table then reports SEEN for what was already matched, and ADDED (with
        // this hit as last seen) for what this new pair matches.
        emit(MatchChangeKind.TOUCHED, clientId, cookie, "", bakeryId, at, at);
        if (old == null) {
            pairsByCookie.put(StoreKey.of(clientId, cookie, bakeryId), PRESENT);
            for (final KeyValue<List<String>, Integer> link : PrefixScan.entries(recordLinks, bakeryId, clientId)) {
                emit(MatchChangeKind.LINKED, clientId, cookie, link.key.get(2), bakeryId, at, at);
            }
        }
    }

    private void changeLink(final RecordLinkChange change, final long at) {
        final String clientId = change.getClientId();
        final String bakeryId = change.getBakeryId();
        final String recordId = change.getRecordId();
        final Bytes key = StoreKey.of(bakeryId, clientId, recordId);
        final Integer stored = recordLinks.get(key);
        final int before = stored == null ? 0 : stored;
        final int after = before + change.getDelta();
        if (before == 0 && after <= 0) {
            // A retraction of a path already gone (its Bakery id was erased here first): nothing to undo.
            return;
        }
        if (after <= 0) {
            recordLinks.delete(key);
        } else {
            recordLinks.put(key, after);
        }
        final MatchChangeKind kind;
        if (before == 0) {
            kind = MatchChangeKind.LINKED;
        } else if (after <= 0) {
            kind = MatchChangeKind.UNLINKED;
        } else {
            return;
        }
        context.forward(new Record<Object, Object>(new ClientRecordKey(clientId, recordId),
                new RecordFunnelChange(clientId, recordId, kind == MatchChangeKind.LINKED ? 1 : -1, 0), at), funnelChanges);
        for (final KeyValue<List<String>, Long> pair : PrefixScan.entries(pairs, bakeryId, clientId)) {
            emit(kind, clientId, pair.key.get(2), recordId, bakeryId, at, pair.value);
        }
    }

    private void erase(final ErasureSubject subject, final long at) {
        switch (subject.getKind()) {
            case BAKERY_ID:
                // Only the pairs are this stage's own facts; the Bakery id's record links are retracted by the
                // identifier stage, which erases its identity links.
                for (final KeyValue<List<String>, Long> pair : PrefixScan.entries(pairs, subject.getValue())) {
                    removePair(subject.getValue(), pair.key.get(1), pair.key.get(2), at);
                }
                break;
            case DMP_COOKIE: {
                final String clientId = subject.getClientId();
                final String cookie = subject.getValue();
                for (final KeyValue<List<String>, byte[]> entry : PrefixScan.entries(pairsByCookie, clientId, cookie)) {
                    removePair(entry.key.get(2), clientId, cookie, at);
                }
                // Every task sends this after its own retractions, so the match table's last copy of the
                // cookie's last-seen time goes after anything this task said about the cookie.
                emit(MatchChangeKind.COOKIE_ERASED, clientId, cookie, "", "", at, at);
                break;
            }
            default:
                break;
        }
    }

    private void removePair(final String bakeryId, final String clientId, final String cookie, final long at) {
        final Bytes key = StoreKey.of(bakeryId, clientId, cookie);
        final Long seenAt = pairs.get(key);
        if (seenAt == null) {
            return;
        }
        pairs.delete(key);
        pairsByCookie.delete(StoreKey.of(clientId, cookie, bakeryId));
        for (final KeyValue<List<String>, Integer> link : PrefixScan.entries(recordLinks, bakeryId, clientId)) {
            emit(MatchChangeKind.UNLINKED, clientId, cookie, link.key.get(2), bakeryId, at, seenAt);
        }
    }

    private void expire(final long now) {
        for (final Bytes key : expiryWalk.nextDue(now - timeToLive.toMillis())) {
            final List<String> parts = StoreKey.parts(key);
            removePair(parts.get(0), parts.get(1), parts.get(2), now);
        }
    }

    private void emit(final MatchChangeKind kind, final String clientId, final String cookie, final String recordId,
            final String bakeryId, final long at, final long cookieSeenAt) {
        context.forward(new Record<>(new ClientCookieKey(clientId, cookie),
                new MatchChange(kind, clientId, cookie, recordId, bakeryId, Instant.ofEpochMilli(at),
                        Instant.ofEpochMilli(cookieSeenAt)), at), matchChanges);
    }
}
