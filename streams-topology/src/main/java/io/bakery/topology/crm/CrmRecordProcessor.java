package io.bakery.topology.crm;

import io.bakery.schemas.avro.ChangeOp;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.CrmRecordState;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierChange;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.RecordFunnelChange;
import io.bakery.schemas.avro.RecordIdentifier;
import io.bakery.topology.stats.StatsParts;
import io.bakery.topology.store.IdentifierCode;
import io.bakery.topology.store.PrefixScan;
import io.bakery.topology.store.StoreKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The CRM record stage, partitioned by client + record id: keeps each record's identifier set and turns every
 * change of it into per-identifier {@link IdentifierChange}s (an upsert adds and retracts the difference, a
 * delete retracts all), which go to the identifier stage.
 *
 * <p><b>Replace-all.</b> Each task numbers a client's replace-all generations in the order it first sees them
 * (a MEMBER record or the COMPLETE marker). A record written as a MEMBER is stamped with its generation's
 * number; a record written with no generation is stamped with the newest number the task knows for the client,
 * so a plain upsert after a replace-all began counts as part of it. When COMPLETE(G) arrives (the gateway
 * writes it to every partition after all members are acknowledged, so in a partition it follows every member
 * of G), the task deletes each of the client's records stamped with a number lower than G's: the records G
 * does not hold and nobody wrote since G began. A COMPLETE for a generation the task never saw gets a new,
 * highest number: G has no member here, so everything here older than it goes. A repeated or late COMPLETE
 * keeps its number and deletes only what is older than it.
 *
 * <p><b>Funnel.</b> The stage also counts, per client, its records and how many of them are linked to a Bakery
 * id or matched to a DMP cookie ({@link RecordFunnelChange}s from the later stages), and publishes those counts
 * as its share of the client statistics at an interval.
 */
public final class CrmRecordProcessor implements Processor<Object, Object, Object, Object> {

    public static final String RECORDS_STORE = "crm-records-store";
    public static final String RECORDS_BY_IDENTIFIER_STORE = "crm-records-by-identifier-store";
    public static final String GENERATIONS_STORE = "crm-generations-store";
    /** Per record: linked Bakery ids in the high 32 bits, matched cookies in the low 32 bits. */
    public static final String FUNNEL_STORE = "crm-record-funnel-store";
    public static final String COUNTERS_STORE = "crm-client-counters-store";

    private static final byte[] PRESENT = new byte[0];

    private final String identifierChanges;
    private final String statsParts;
    private final Duration statsInterval;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Bytes, CrmRecordState> records;
    private KeyValueStore<Bytes, byte[]> byIdentifier;
    private KeyValueStore<Bytes, Long> generations;
    private KeyValueStore<Bytes, Long> funnel;
    private KeyValueStore<Bytes, ClientStats> counters;

    /** Forwards identifier changes to child {@code identifierChanges} and statistics shares to {@code statsParts}. */
    public CrmRecordProcessor(final String identifierChanges, final String statsParts, final Duration statsInterval) {
        this.identifierChanges = identifierChanges;
        this.statsParts = statsParts;
        this.statsInterval = statsInterval;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.records = context.getStateStore(RECORDS_STORE);
        this.byIdentifier = context.getStateStore(RECORDS_BY_IDENTIFIER_STORE);
        this.generations = context.getStateStore(GENERATIONS_STORE);
        this.funnel = context.getStateStore(FUNNEL_STORE);
        this.counters = context.getStateStore(COUNTERS_STORE);
        context.schedule(statsInterval, PunctuationType.WALL_CLOCK_TIME, this::publishStats);
    }

    @Override
    public void process(final Record<Object, Object> record) {
        if (record.value() instanceof RecordFunnelChange) {
            changeFunnel((RecordFunnelChange) record.value());
            return;
        }
        if (record.value() instanceof Erasure) {
            erase(((Erasure) record.value()).getSubject(), record.timestamp());
            return;
        }
        final ClientRecordKey key = (ClientRecordKey) record.key();
        final CrmRecord value = (CrmRecord) record.value();
        if (value == null) {
            delete(key.getClientId(), key.getRecordId(), record.timestamp());
        } else if (value.getGeneration() != null && value.getGeneration().getMarker() == GenerationMarker.COMPLETE) {
            complete(key.getClientId(), value.getGeneration().getId(), value.getUpdatedAt().toEpochMilli());
        } else {
            upsert(value, record.timestamp());
        }
    }

    private void erase(final ErasureSubject subject, final long at) {
        switch (subject.getKind()) {
            case CRM_RECORD:
                delete(subject.getClientId(), subject.getValue(), at);
                break;
            case HASHED_IDENTIFIER:
                eraseIdentifier(IdentifierCode.of(subject.getIdentifierType(), subject.getValue()), at);
                break;
            default:
                // Routed here by mistake: this stage holds nothing of other subjects.
                break;
        }
    }

    private void upsert(final CrmRecord value, final long at) {
        final String clientId = value.getClientId();
        final String recordId = value.getRecordId();
        final long seq = value.getGeneration() != null
                ? generationSeq(clientId, value.getGeneration().getId())
                : latestSeq(clientId);
        final Set<RecordIdentifier> wanted = new LinkedHashSet<>();
        for (final HashedIdentifier identifier : value.getIdentifiers()) {
            wanted.add(new RecordIdentifier(identifier.getType(), identifier.getHash()));
        }
        final Bytes key = StoreKey.of(clientId, recordId);
        final CrmRecordState old = records.get(key);
        final Set<RecordIdentifier> held = old == null ? Set.of() : new LinkedHashSet<>(old.getIdentifiers());
        for (final RecordIdentifier identifier : held) {
            if (!wanted.contains(identifier)) {
                retract(clientId, recordId, identifier, at);
            }
        }
        for (final RecordIdentifier identifier : wanted) {
            if (!held.contains(identifier)) {
                byIdentifier.put(StoreKey.of(code(identifier), clientId, recordId), PRESENT);
                emit(clientId, recordId, identifier, ChangeOp.ADD, at);
            }
        }
        final CrmRecordState next = new CrmRecordState(new ArrayList<>(wanted), seq);
        if (old == null) {
            count(clientId, 1, 0, 0);
        }
        if (!next.equals(old)) {
            records.put(key, next);
        }
    }

    private void delete(final String clientId, final String recordId, final long at) {
        final Bytes key = StoreKey.of(clientId, recordId);
        final CrmRecordState old = records.get(key);
        if (old == null) {
            return;
        }
        for (final RecordIdentifier identifier : old.getIdentifiers()) {
            retract(clientId, recordId, identifier, at);
        }
        records.delete(key);
        count(clientId, -1, 0, 0);
    }

    private void complete(final String clientId, final String generationId, final long at) {
        final long seq = generationSeq(clientId, generationId);
        for (final KeyValue<List<String>, CrmRecordState> entry : PrefixScan.entries(records, clientId)) {
            if (entry.value.getGenerationSeq() < seq) {
                delete(clientId, entry.key.get(1), at);
            }
        }
    }

    private void eraseIdentifier(final String code, final long at) {
        final RecordIdentifier identifier = new RecordIdentifier(IdentifierCode.type(code), IdentifierCode.hash(code));
        for (final KeyValue<List<String>, byte[]> entry : PrefixScan.entries(byIdentifier, code)) {
            final String clientId = entry.key.get(1);
            final String recordId = entry.key.get(2);
            final Bytes key = StoreKey.of(clientId, recordId);
            final CrmRecordState state = records.get(key);
            retract(clientId, recordId, identifier, at);
            if (state != null) {
                final List<RecordIdentifier> rest = new ArrayList<>(state.getIdentifiers());
                rest.remove(identifier);
                records.put(key, new CrmRecordState(rest, state.getGenerationSeq()));
            }
        }
    }

    private void retract(final String clientId, final String recordId, final RecordIdentifier identifier, final long at) {
        byIdentifier.delete(StoreKey.of(code(identifier), clientId, recordId));
        emit(clientId, recordId, identifier, ChangeOp.REMOVE, at);
    }

    private void emit(final String clientId, final String recordId, final RecordIdentifier identifier,
            final ChangeOp op, final long at) {
        final IdentifierChange change = new IdentifierChange(clientId, recordId, identifier.getType(),
                identifier.getHash(), op, Instant.ofEpochMilli(at));
        context.forward(new Record<>(new IdentifierKey(identifier.getType(), identifier.getHash()), change, at),
                identifierChanges);
    }

    private void changeFunnel(final RecordFunnelChange change) {
        final Bytes key = StoreKey.of(change.getClientId(), change.getRecordId());
        final Long packed = funnel.get(key);
        final int bakeryIds = packed == null ? 0 : (int) (packed >>> 32);
        final int cookies = packed == null ? 0 : (int) (long) packed;
        final int nextBakeryIds = bakeryIds + change.getBakeryIdsDelta();
        final int nextCookies = cookies + change.getCookiesDelta();
        if (nextBakeryIds <= 0 && nextCookies <= 0) {
            funnel.delete(key);
        } else {
            funnel.put(key, ((long) Math.max(0, nextBakeryIds) << 32) | (Math.max(0, nextCookies) & 0xFFFFFFFFL));
        }
        count(change.getClientId(), 0, crossing(bakeryIds, nextBakeryIds), crossing(cookies, nextCookies));
    }

    /** +1 when a count leaves zero, -1 when it returns to zero, else 0. */
    private static int crossing(final int before, final int after) {
        if (before <= 0 && after > 0) {
            return 1;
        }
        return before > 0 && after <= 0 ? -1 : 0;
    }

    private void count(final String clientId, final long records, final long linked, final long matched) {
        if (records == 0 && linked == 0 && matched == 0) {
            return;
        }
        final Bytes key = StoreKey.of(clientId);
        final ClientStats share = StatsParts.get(counters, key, clientId);
        share.setRecords(share.getRecords() + records);
        share.setRecordsLinked(share.getRecordsLinked() + linked);
        share.setRecordsMatched(share.getRecordsMatched() + matched);
        counters.put(key, share);
    }

    private void publishStats(final long now) {
        final String part = "crm-records/" + context.taskId();
        try (KeyValueIterator<Bytes, ClientStats> it = counters.all()) {
            while (it.hasNext()) {
                final ClientStats share = it.next().value;
                share.setUpdatedAt(Instant.ofEpochMilli(now));
                context.forward(StatsParts.record(share, part, now), statsParts);
            }
        }
    }

    /** The task-local number of a client's generation, numbering it as the newest if it is new here. */
    private long generationSeq(final String clientId, final String generationId) {
        final Bytes key = StoreKey.of(clientId, generationId);
        final Long known = generations.get(key);
        if (known != null) {
            return known;
        }
        final long next = latestSeq(clientId) + 1;
        generations.put(key, next);
        generations.put(StoreKey.of(clientId), next);
        return next;
    }

    private long latestSeq(final String clientId) {
        final Long latest = generations.get(StoreKey.of(clientId));
        return latest == null ? 0L : latest;
    }

    private static String code(final RecordIdentifier identifier) {
        return IdentifierCode.of(identifier.getType(), identifier.getHash());
    }
}
