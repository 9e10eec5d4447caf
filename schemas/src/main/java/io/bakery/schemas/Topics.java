package io.bakery.schemas;

import io.bakery.schemas.TopicSpec.CleanupPolicy;
import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.SyncEvent;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic Bakery components talk through. Names are API: renaming a topic is a migration.
 */
public final class Topics {

    /** Partitions of every Bakery topic; the topology scales out to this many tasks per sub-topology. */
    public static final int DEFAULT_PARTITIONS = 6;

    public static final TopicSpec<ClientBakeryKey, SyncEvent> SYNC_EVENTS = new TopicSpec<>(
            "bakery.sync-events",
            AvroSerdes.of(ClientBakeryKey.class),
            AvroSerdes.of(SyncEvent.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "sync pixel hits: a client's DMP cookie id paired with a Bakery id");

    public static final TopicSpec<IdentifierKey, IdentityLink> IDENTITY_LINKS = new TopicSpec<>(
            "bakery.identity-links",
            AvroSerdes.of(IdentifierKey.class),
            AvroSerdes.of(IdentityLink.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "identity graph edges: Bakery id <-> hashed identifier, added or removed");

    public static final TopicSpec<ClientRecordKey, CrmRecord> CRM_RECORDS = new TopicSpec<>(
            "bakery.crm-records",
            AvroSerdes.of(ClientRecordKey.class),
            AvroSerdes.of(CrmRecord.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.COMPACT,
            null,
            "a CRM record's current set of hashed identifiers; tombstone = delete; replace-all markers");

    public static final TopicSpec<ErasureSubject, Erasure> ERASURES = new TopicSpec<>(
            "bakery.erasures",
            AvroSerdes.of(ErasureSubject.class),
            AvroSerdes.of(Erasure.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "erase every trace of a Bakery id, DMP cookie, hashed identifier or CRM record");

    public static final TopicSpec<ClientCookieKey, Match> MATCHES = new TopicSpec<>(
            "bakery.matches",
            AvroSerdes.of(ClientCookieKey.class),
            AvroSerdes.of(Match.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "changes of the client-specific match tables: added, removed, seen");

    public static final TopicSpec<ClientDayKey, DailyDeltaEntry> DAILY_DELTAS = new TopicSpec<>(
            "bakery.daily-deltas",
            AvroSerdes.of(ClientDayKey.class),
            AvroSerdes.of(DailyDeltaEntry.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(14),
            "the rows of a closed client-day, then one end marker per producing task");

    public static final TopicSpec<String, AuditEvent> AUDIT = new TopicSpec<>(
            "bakery.audit",
            Serdes.String(),
            AvroSerdes.of(AuditEvent.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(400),
            "every upload, pull, erasure and export, with counts and checksums");

    /** Every topic, in the order of the data flow. */
    public static final List<TopicSpec<?, ?>> ALL =
            List.of(SYNC_EVENTS, IDENTITY_LINKS, CRM_RECORDS, ERASURES, MATCHES, DAILY_DELTAS, AUDIT);

    private Topics() {}
}
