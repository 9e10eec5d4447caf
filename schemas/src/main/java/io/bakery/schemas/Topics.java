package io.bakery.schemas;

import io.bakery.schemas.TopicSpec.CleanupPolicy;
import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.DeadLetter;
import io.bakery.schemas.avro.IdentifierChange;
import io.bakery.schemas.avro.MatchChange;
import io.bakery.schemas.avro.RecordFunnelChange;
import io.bakery.schemas.avro.RecordLinkChange;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DayCloseRequest;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ExportDelivery;
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

    public static final TopicSpec<String, ClientStats> CLIENT_STATS = new TopicSpec<>(
            "bakery.client-stats",
            Serdes.String(),
            AvroSerdes.of(ClientStats.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.COMPACT,
            null,
            "per client, the latest matching funnel (records, linked, matched, cookies, seen in 24 h); keyed by client id");

    public static final TopicSpec<String, DeadLetter> TOPOLOGY_DEAD_LETTERS = new TopicSpec<>(
            "bakery.topology.dead-letters",
            Serdes.String(),
            AvroSerdes.of(DeadLetter.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "input records the topology could not use: coordinates and reason, never content; keyed by source topic");

    public static final TopicSpec<ClientDayKey, ExportDelivery> EXPORT_LEDGER = new TopicSpec<>(
            "bakery.export-ledger",
            AvroSerdes.of(ClientDayKey.class),
            AvroSerdes.of(ExportDelivery.class),
            1,
            CleanupPolicy.COMPACT,
            null,
            "the exporter's delivery ledger: per client-day, publishing or delivered, with file name and SHA-256");

    /**
     * Operator control: close a client-day now ({@code bakery close-day}). One record per partition, so every
     * daily-window task sees it; it is read next to {@link #MATCHES} by the same tasks, hence the same count.
     */
    public static final TopicSpec<ClientDayKey, DayCloseRequest> CONTROL_DAY_CLOSE = new TopicSpec<>(
            "bakery.control.day-close",
            AvroSerdes.of(ClientDayKey.class),
            AvroSerdes.of(DayCloseRequest.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "operator requests to close a client-day early, one copy on every partition");

    // The matching topology's through-topics: written and read only by the topology. Each is keyed like the
    // stage that reads it and has the same partition count as the inputs, so its records meet that stage's
    // other input on the same task (co-partitioned by the default partitioner on the same key serde).

    public static final TopicSpec<IdentifierKey, IdentifierChange> TOPOLOGY_IDENTIFIER_CHANGES = new TopicSpec<>(
            "bakery.topology.identifier-changes",
            AvroSerdes.of(IdentifierKey.class),
            AvroSerdes.of(IdentifierChange.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: a CRM record gained or lost a hashed identifier, keyed by the identifier");

    public static final TopicSpec<ClientBakeryKey, RecordLinkChange> TOPOLOGY_RECORD_LINK_CHANGES = new TopicSpec<>(
            "bakery.topology.record-link-changes",
            AvroSerdes.of(ClientBakeryKey.class),
            AvroSerdes.of(RecordLinkChange.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: a (client, Bakery id, record id) link path appeared or went away, keyed by client + Bakery id");

    public static final TopicSpec<ClientCookieKey, MatchChange> TOPOLOGY_MATCH_CHANGES = new TopicSpec<>(
            "bakery.topology.match-changes",
            AvroSerdes.of(ClientCookieKey.class),
            AvroSerdes.of(MatchChange.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: a cookie hit or a (cookie, record) path through one Bakery id, keyed by client + DMP cookie id");

    public static final TopicSpec<ErasureSubject, Erasure> TOPOLOGY_RECORD_ERASURES = new TopicSpec<>(
            "bakery.topology.record-erasures",
            AvroSerdes.of(ErasureSubject.class),
            AvroSerdes.of(Erasure.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: erasures routed to the CRM record stage (partitioned by client + record id, or to every partition)");

    public static final TopicSpec<ErasureSubject, Erasure> TOPOLOGY_IDENTIFIER_ERASURES = new TopicSpec<>(
            "bakery.topology.identifier-erasures",
            AvroSerdes.of(ErasureSubject.class),
            AvroSerdes.of(Erasure.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: erasures routed to the identifier stage (partitioned by identifier, or to every partition)");

    public static final TopicSpec<ErasureSubject, Erasure> TOPOLOGY_PAIR_ERASURES = new TopicSpec<>(
            "bakery.topology.pair-erasures",
            AvroSerdes.of(ErasureSubject.class),
            AvroSerdes.of(Erasure.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: erasures routed to the sync-pair stage (to every partition)");

    public static final TopicSpec<ClientRecordKey, RecordFunnelChange> TOPOLOGY_RECORD_FUNNEL_CHANGES = new TopicSpec<>(
            "bakery.topology.record-funnel-changes",
            AvroSerdes.of(ClientRecordKey.class),
            AvroSerdes.of(RecordFunnelChange.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "internal: a CRM record gained or lost a Bakery id or a matched cookie, keyed by client + record id");

    public static final TopicSpec<String, ClientStats> TOPOLOGY_CLIENT_STATS_PARTS = new TopicSpec<>(
            "bakery.topology.client-stats-parts",
            Serdes.String(),
            AvroSerdes.of(ClientStats.class),
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(1),
            "internal: one task's share of a client's funnel, keyed by client id; the task id is in the header");

    /** The topics the matching topology owns besides its inputs, in the order of its data flow. */
    public static final List<TopicSpec<?, ?>> TOPOLOGY_OWNED = List.of(
            TOPOLOGY_IDENTIFIER_CHANGES, TOPOLOGY_RECORD_LINK_CHANGES, TOPOLOGY_MATCH_CHANGES,
            TOPOLOGY_RECORD_ERASURES, TOPOLOGY_IDENTIFIER_ERASURES, TOPOLOGY_PAIR_ERASURES,
            TOPOLOGY_RECORD_FUNNEL_CHANGES, TOPOLOGY_CLIENT_STATS_PARTS, CLIENT_STATS, TOPOLOGY_DEAD_LETTERS);

    /** Every topic, in the order of the data flow. */
    public static final List<TopicSpec<?, ?>> ALL =
            List.of(SYNC_EVENTS, IDENTITY_LINKS, CRM_RECORDS, ERASURES, MATCHES, DAILY_DELTAS, AUDIT,
                    TOPOLOGY_IDENTIFIER_CHANGES, TOPOLOGY_RECORD_LINK_CHANGES, TOPOLOGY_MATCH_CHANGES,
                    TOPOLOGY_RECORD_ERASURES, TOPOLOGY_IDENTIFIER_ERASURES, TOPOLOGY_PAIR_ERASURES,
                    TOPOLOGY_RECORD_FUNNEL_CHANGES, TOPOLOGY_CLIENT_STATS_PARTS, CLIENT_STATS, TOPOLOGY_DEAD_LETTERS, EXPORT_LEDGER,
                    CONTROL_DAY_CLOSE);

    private Topics() {}
}
