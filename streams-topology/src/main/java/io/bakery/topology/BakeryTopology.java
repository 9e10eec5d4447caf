package io.bakery.topology;

import io.bakery.schemas.TopicSpec;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.topology.crm.CrmRecordProcessorSupplier;
import io.bakery.topology.erasure.ErasurePartitioner;
import io.bakery.topology.erasure.ErasureRouterProcessor;
import io.bakery.topology.identity.IdentifierJoinProcessorSupplier;
import io.bakery.topology.intake.DecodingProcessor;
import io.bakery.topology.intake.InputRule;
import io.bakery.topology.intake.InputRules;
import io.bakery.topology.match.MatchTableProcessorSupplier;
import io.bakery.topology.stats.ClientStatsProcessorSupplier;
import io.bakery.topology.sync.SyncPairJoinProcessorSupplier;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.Topology;

/**
 * The pure topology factory: no I/O, no static state; the app and every TopologyTestDriver test call it.
 *
 * <p>Matching runs in four stages, each partitioned by the key its joins need and connected by the topology's
 * own through-topics ({@link Topics#TOPOLOGY_OWNED}), every one with its own changelogged stores:
 * <ol>
 *   <li>CRM records, by client + record id: identifier-set diffs → {@code identifier-changes}.</li>
 *   <li>Identifiers, by hashed identifier: identity links × CRM identifiers → {@code record-link-changes}.</li>
 *   <li>Sync pairs, by client + Bakery id: sync pairs × record links → {@code match-changes}.</li>
 *   <li>The match table, by client + DMP cookie id: counts paths → {@code bakery.matches}.</li>
 * </ol>
 * Every input passes a decoding step that sends what it cannot use to the dead-letter topic; erasures are
 * routed to the stages that hold their subject.
 *
 * <p>Client statistics: the CRM record stage (records, linked, matched records; it learns about links and
 * matches through {@code record-funnel-changes}) and the match table (matched cookies, seen in 24 h) publish
 * per-task shares at an interval; the client-stats step adds them into {@code bakery.client-stats}.
 */
public final class BakeryTopology {

    public static final String SYNC_EVENTS_SOURCE = "sync-events-source";
    public static final String SYNC_EVENTS_DECODER = "sync-events-decoder";
    public static final String IDENTITY_LINKS_SOURCE = "identity-links-source";
    public static final String IDENTITY_LINKS_DECODER = "identity-links-decoder";
    public static final String CRM_RECORDS_SOURCE = "crm-records-source";
    public static final String CRM_RECORDS_DECODER = "crm-records-decoder";
    public static final String ERASURES_SOURCE = "erasures-source";
    public static final String ERASURES_DECODER = "erasures-decoder";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    public static final String ERASURE_ROUTER = "erasure-router";
    public static final String RECORD_ERASURES_SINK = "record-erasures-sink";
    public static final String IDENTIFIER_ERASURES_SINK = "identifier-erasures-sink";
    public static final String PAIR_ERASURES_SINK = "pair-erasures-sink";

    public static final String RECORD_ERASURES_SOURCE = "record-erasures-source";
    public static final String CRM_RECORD_PROCESSOR = "crm-record-processor";
    public static final String IDENTIFIER_CHANGES_SINK = "identifier-changes-sink";

    public static final String IDENTIFIER_CHANGES_SOURCE = "identifier-changes-source";
    public static final String IDENTIFIER_ERASURES_SOURCE = "identifier-erasures-source";
    public static final String IDENTIFIER_JOIN_PROCESSOR = "identifier-join-processor";
    public static final String RECORD_LINK_CHANGES_SINK = "record-link-changes-sink";

    public static final String RECORD_LINK_CHANGES_SOURCE = "record-link-changes-source";
    public static final String PAIR_ERASURES_SOURCE = "pair-erasures-source";
    public static final String SYNC_PAIR_JOIN_PROCESSOR = "sync-pair-join-processor";
    public static final String MATCH_CHANGES_SINK = "match-changes-sink";

    public static final String MATCH_CHANGES_SOURCE = "match-changes-source";
    public static final String MATCH_TABLE_PROCESSOR = "match-table-processor";
    public static final String MATCHES_SINK = "matches-sink";

    public static final String RECORD_FUNNEL_CHANGES_SINK = "record-funnel-changes-sink";
    public static final String RECORD_FUNNEL_CHANGES_SOURCE = "record-funnel-changes-source";
    public static final String CLIENT_STATS_PARTS_SINK = "client-stats-parts-sink";
    public static final String CLIENT_STATS_PARTS_SOURCE = "client-stats-parts-source";
    public static final String CLIENT_STATS_PROCESSOR = "client-stats-processor";
    public static final String CLIENT_STATS_SINK = "client-stats-sink";

    private BakeryTopology() {}

    /** Builds the whole topology for {@code settings}. */
    public static Topology build(final TopologySettings settings) {
        final Topology topology = new Topology();
        addIntake(topology);
        addErasureRouting(topology);

        addSource(topology, RECORD_ERASURES_SOURCE, Topics.TOPOLOGY_RECORD_ERASURES);
        addSource(topology, RECORD_FUNNEL_CHANGES_SOURCE, Topics.TOPOLOGY_RECORD_FUNNEL_CHANGES);
        topology.addProcessor(CRM_RECORD_PROCESSOR,
                new CrmRecordProcessorSupplier(IDENTIFIER_CHANGES_SINK, CLIENT_STATS_PARTS_SINK, settings.statsInterval()),
                CRM_RECORDS_DECODER, RECORD_ERASURES_SOURCE, RECORD_FUNNEL_CHANGES_SOURCE);
        addSink(topology, IDENTIFIER_CHANGES_SINK, Topics.TOPOLOGY_IDENTIFIER_CHANGES, CRM_RECORD_PROCESSOR);

        addSource(topology, IDENTIFIER_CHANGES_SOURCE, Topics.TOPOLOGY_IDENTIFIER_CHANGES);
        addSource(topology, IDENTIFIER_ERASURES_SOURCE, Topics.TOPOLOGY_IDENTIFIER_ERASURES);
        topology.addProcessor(IDENTIFIER_JOIN_PROCESSOR, new IdentifierJoinProcessorSupplier(settings),
                IDENTITY_LINKS_DECODER, IDENTIFIER_CHANGES_SOURCE, IDENTIFIER_ERASURES_SOURCE);
        addSink(topology, RECORD_LINK_CHANGES_SINK, Topics.TOPOLOGY_RECORD_LINK_CHANGES, IDENTIFIER_JOIN_PROCESSOR);

        addSource(topology, RECORD_LINK_CHANGES_SOURCE, Topics.TOPOLOGY_RECORD_LINK_CHANGES);
        addSource(topology, PAIR_ERASURES_SOURCE, Topics.TOPOLOGY_PAIR_ERASURES);
        topology.addProcessor(SYNC_PAIR_JOIN_PROCESSOR, new SyncPairJoinProcessorSupplier(settings, MATCH_CHANGES_SINK, RECORD_FUNNEL_CHANGES_SINK),
                SYNC_EVENTS_DECODER, RECORD_LINK_CHANGES_SOURCE, PAIR_ERASURES_SOURCE);
        addSink(topology, MATCH_CHANGES_SINK, Topics.TOPOLOGY_MATCH_CHANGES, SYNC_PAIR_JOIN_PROCESSOR);

        addSource(topology, MATCH_CHANGES_SOURCE, Topics.TOPOLOGY_MATCH_CHANGES);
        topology.addProcessor(MATCH_TABLE_PROCESSOR, new MatchTableProcessorSupplier(settings, MATCHES_SINK,
                RECORD_FUNNEL_CHANGES_SINK, CLIENT_STATS_PARTS_SINK), MATCH_CHANGES_SOURCE);
        addSink(topology, MATCHES_SINK, Topics.MATCHES, MATCH_TABLE_PROCESSOR);

        addSink(topology, RECORD_FUNNEL_CHANGES_SINK, Topics.TOPOLOGY_RECORD_FUNNEL_CHANGES,
                SYNC_PAIR_JOIN_PROCESSOR, MATCH_TABLE_PROCESSOR);
        addSink(topology, CLIENT_STATS_PARTS_SINK, Topics.TOPOLOGY_CLIENT_STATS_PARTS,
                CRM_RECORD_PROCESSOR, MATCH_TABLE_PROCESSOR);
        addSource(topology, CLIENT_STATS_PARTS_SOURCE, Topics.TOPOLOGY_CLIENT_STATS_PARTS);
        topology.addProcessor(CLIENT_STATS_PROCESSOR, new ClientStatsProcessorSupplier(), CLIENT_STATS_PARTS_SOURCE);
        addSink(topology, CLIENT_STATS_SINK, Topics.CLIENT_STATS, CLIENT_STATS_PROCESSOR);

        // Sub-topologies reading bakery.matches (the daily windows) attach below.
        io.bakery.topology.daily.DailyWindowTopology.addTo(topology, settings.config(), settings.dailyWindow());
        return topology;
    }

    private static void addIntake(final Topology topology) {
        addDecoded(topology, SYNC_EVENTS_SOURCE, SYNC_EVENTS_DECODER, Topics.SYNC_EVENTS, InputRules.SYNC_EVENTS,
                SYNC_PAIR_JOIN_PROCESSOR);
        addDecoded(topology, IDENTITY_LINKS_SOURCE, IDENTITY_LINKS_DECODER, Topics.IDENTITY_LINKS,
                InputRules.IDENTITY_LINKS, IDENTIFIER_JOIN_PROCESSOR);
        addDecoded(topology, CRM_RECORDS_SOURCE, CRM_RECORDS_DECODER, Topics.CRM_RECORDS, InputRules.CRM_RECORDS,
                CRM_RECORD_PROCESSOR);
        addDecoded(topology, ERASURES_SOURCE, ERASURES_DECODER, Topics.ERASURES, InputRules.ERASURES, ERASURE_ROUTER);
        topology.addSink(DEAD_LETTERS_SINK, Topics.TOPOLOGY_DEAD_LETTERS.name(),
                Topics.TOPOLOGY_DEAD_LETTERS.keySerde().serializer(),
                Topics.TOPOLOGY_DEAD_LETTERS.valueSerde().serializer(),
                SYNC_EVENTS_DECODER, IDENTITY_LINKS_DECODER, CRM_RECORDS_DECODER, ERASURES_DECODER);
    }

    private static void addErasureRouting(final Topology topology) {
        topology.addProcessor(ERASURE_ROUTER,
                () -> new ErasureRouterProcessor(RECORD_ERASURES_SINK, IDENTIFIER_ERASURES_SINK, PAIR_ERASURES_SINK),
                ERASURES_DECODER);
        addErasureSink(topology, RECORD_ERASURES_SINK, Topics.TOPOLOGY_RECORD_ERASURES, new ErasurePartitioner(
                subject -> subject.getKind() == ErasureKind.CRM_RECORD
                        ? Optional.of(Topics.CRM_RECORDS.keySerde().serializer().serialize(Topics.CRM_RECORDS.name(),
                                new ClientRecordKey(subject.getClientId(), subject.getValue())))
                        : Optional.empty()));
        addErasureSink(topology, IDENTIFIER_ERASURES_SINK, Topics.TOPOLOGY_IDENTIFIER_ERASURES, new ErasurePartitioner(
                subject -> subject.getKind() == ErasureKind.HASHED_IDENTIFIER
                        ? Optional.of(Topics.IDENTITY_LINKS.keySerde().serializer().serialize(
                                Topics.IDENTITY_LINKS.name(), new IdentifierKey(subject.getIdentifierType(), subject.getValue())))
                        : Optional.empty()));
        addErasureSink(topology, PAIR_ERASURES_SINK, Topics.TOPOLOGY_PAIR_ERASURES,
                new ErasurePartitioner(subject -> Optional.empty()));
    }

    private static <K, V> void addDecoded(final Topology topology, final String sourceName, final String decoderName,
            final TopicSpec<K, V> topic, final InputRule<K, V> rule, final String next) {
        topology.addSource(sourceName, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic.name());
        topology.addProcessor(decoderName, () -> new DecodingProcessor<>(decoderName, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(), rule, next, DEAD_LETTERS_SINK), sourceName);
    }

    private static void addErasureSink(final Topology topology, final String sinkName,
            final TopicSpec<ErasureSubject, io.bakery.schemas.avro.Erasure> topic, final ErasurePartitioner partitioner) {
        topology.addSink(sinkName, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(),
                partitioner, ERASURE_ROUTER);
    }

    private static <K, V> void addSource(final Topology topology, final String name, final TopicSpec<K, V> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <K, V> void addSink(final Topology topology, final String name, final TopicSpec<K, V> topic,
            final String... parents) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parents);
    }
}
