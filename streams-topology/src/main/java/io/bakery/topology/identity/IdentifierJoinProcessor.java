package io.bakery.topology.identity;

import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.IdentifierChange;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import io.bakery.schemas.avro.RecordLinkChange;
import io.bakery.topology.store.ExpiryIndex;
import io.bakery.topology.store.IdentifierCode;
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
 * Stage 1 of matching, partitioned by hashed identifier: identity links (Bakery id, identifier) meet CRM
 * identifiers (client, record id, identifier). A change on either side scans the other side's entries for the
 * same identifier by prefix and emits one {@link RecordLinkChange} (+1 or -1) per (client, Bakery id, record id)
 * path, keyed by client + Bakery id for the sync-pair stage. Identity links expire after the time to live.
 */
public final class IdentifierJoinProcessor implements Processor<Object, Object, ClientBakeryKey, RecordLinkChange> {

    public static final String LINKS_STORE = "identity-links-store";
    public static final String LINKS_BY_BAKERY_ID_STORE = "identity-links-by-bakery-id-store";
    public static final String LINK_EXPIRY_STORE = "identity-link-expiry-store";
    public static final String CRM_IDENTIFIERS_STORE = "crm-identifiers-store";

    private static final byte[] PRESENT = new byte[0];

    private final Duration timeToLive;
    private final Duration expiryInterval;
    private final int expiryBatch;
    private ProcessorContext<ClientBakeryKey, RecordLinkChange> context;
    private KeyValueStore<Bytes, Long> links;
    private KeyValueStore<Bytes, byte[]> linksByBakeryId;
    private ExpiryIndex expiry;
    private KeyValueStore<Bytes, byte[]> crmIdentifiers;

    public IdentifierJoinProcessor(final Duration timeToLive, final Duration expiryInterval, final int expiryBatch) {
        this.timeToLive = timeToLive;
        this.expiryInterval = expiryInterval;
        this.expiryBatch = expiryBatch;
    }

    @Override
    public void init(final ProcessorContext<ClientBakeryKey, RecordLinkChange> context) {
        this.context = context;
        this.links = context.getStateStore(LINKS_STORE);
        this.linksByBakeryId = context.getStateStore(LINKS_BY_BAKERY_ID_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(LINK_EXPIRY_STORE));
        this.crmIdentifiers = context.getStateStore(CRM_IDENTIFIERS_STORE);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(final Record<Object, Object> record) {
        final Object value = record.value();
        if (value instanceof IdentityLink) {
            final IdentityLink link = (IdentityLink) value;
            final IdentifierKey key = (IdentifierKey) record.key();
            final String code = IdentifierCode.of(key.getType(), key.getHash());
            if (link.getOp() == LinkOp.ADD) {
                addLink(code, link.getBakeryId(), link.getObservedAt().toEpochMilli(), record.timestamp());
            } else {
                removeLink(code, link.getBakeryId(), record.timestamp());
            }
        } else if (value instanceof IdentifierChange) {
            changeCrmIdentifier((IdentifierChange) value, record.timestamp());
        } else if (value instanceof Erasure) {
            erase(((Erasure) value).getSubject(), record.timestamp());
        }
    }

    private void addLink(final String code, final String bakeryId, final long seenAt, final long at) {
        final Bytes key = StoreKey.of(code, bakeryId);
        final Long old = links.get(key);
        if (old != null) {
            if (seenAt > old) {
                links.put(key, seenAt);
                expiry.move(key, old, seenAt);
            }
            return;
        }
        links.put(key, seenAt);
        linksByBakeryId.put(StoreKey.of(bakeryId, code), PRESENT);
        expiry.move(key, null, seenAt);
        for (final KeyValue<List<String>, byte[]> crm : PrefixScan.entries(crmIdentifiers, code)) {
            emit(crm.key.get(1), bakeryId, crm.key.get(2), +1, at);
        }
    }

    private void removeLink(final String code, final String bakeryId, final long at) {
        final Bytes key = StoreKey.of(code, bakeryId);
        final Long old = links.get(key);
        if (old == null) {
            return;
        }
        links.delete(key);
        linksByBakeryId.delete(StoreKey.of(bakeryId, code));
        expiry.remove(key, old);
        for (final KeyValue<List<String>, byte[]> crm : PrefixScan.entries(crmIdentifiers, code)) {
            emit(crm.key.get(1), bakeryId, crm.key.get(2), -1, at);
        }
    }

    private void changeCrmIdentifier(final IdentifierChange change, final long at) {
        final String code = IdentifierCode.of(change.getIdentifierType(), change.getHash());
        final Bytes key = StoreKey.of(code, change.getClientId(), change.getRecordId());
        final boolean held = crmIdentifiers.get(key) != null;
        final int delta;
        switch (change.getOp()) {
            case ADD:
                if (held) {
                    return;
                }
                crmIdentifiers.put(key, PRESENT);
                delta = +1;
                break;
            case REMOVE:
                if (!held) {
                    return;
                }
                crmIdentifiers.delete(key);
                delta = -1;
                break;
            default:
                throw new IllegalStateException("unknown op " + change.getOp());
        }
        for (final KeyValue<List<String>, Long> link : PrefixScan.entries(links, code)) {
            emit(change.getClientId(), link.key.get(1), change.getRecordId(), delta, at);
        }
    }

    private void erase(final ErasureSubject subject, final long at) {
        switch (subject.getKind()) {
            case HASHED_IDENTIFIER: {
                final String code = IdentifierCode.of(subject.getIdentifierType(), subject.getValue());
                for (final KeyValue<List<String>, Long> link : PrefixScan.entries(links, code)) {
                    removeLink(code, link.key.get(1), at);
                }
                // No link is left, so dropping the CRM side retracts nothing more; the CRM record stage
                // removes the identifier from its records too, and those removals then find nothing here.
                for (final KeyValue<List<String>, byte[]> crm : PrefixScan.entries(crmIdentifiers, code)) {
                    crmIdentifiers.delete(StoreKey.of(crm.key.toArray(new String[0])));
                }
                break;
            }
            case BAKERY_ID:
                for (final KeyValue<List<String>, byte[]> entry : PrefixScan.entries(linksByBakeryId, subject.getValue())) {
                    removeLink(entry.key.get(1), subject.getValue(), at);
                }
                break;
            default:
                break;
        }
    }

    private void expire(final long now) {
        final long cutoff = now - timeToLive.toMillis();
        for (final KeyValue<Long, Bytes> due : expiry.due(cutoff, expiryBatch)) {
            final List<String> parts = StoreKey.parts(due.value);
            removeLink(parts.get(0), parts.get(1), now);
        }
    }

    private void emit(final String clientId, final String bakeryId, final String recordId, final int delta, final long at) {
        context.forward(new Record<>(new ClientBakeryKey(clientId, bakeryId),
                new RecordLinkChange(clientId, bakeryId, recordId, delta, Instant.ofEpochMilli(at)), at));
    }
}
