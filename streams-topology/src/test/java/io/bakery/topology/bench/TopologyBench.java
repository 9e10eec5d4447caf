package io.bakery.topology.bench;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.ConsentSnapshot;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.bakery.topology.BakeryTopology;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.match.MatchTableProcessor;
import io.bakery.topology.store.RocksDBMemory;
import io.bakery.topology.sync.SyncPairJoinProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The matching topology's benchmark on one embedded broker, in one run (see {@code bench/topology-bench.sh} and
 * {@code bench/RESULTS.md}). Not a test: a timed assertion never goes in a test.
 *
 * <ol>
 *   <li>Throughput: the first {@code bench.small} sync events (each a new sync pair; every tenth Bakery id also has
 *       an identity link and a CRM record, so matches are made) through a pass-through Streams app (same topic,
 *       same exactly-once setting) and then through the matching topology; events/s of each, from start until
 *       the group has committed the whole topic.</li>
 *   <li>Scale: with {@code bench.small} pairs in state, {@code bench.probe} further sync events are timed from
 *       the first send until committed; then the state is filled to {@code bench.large} pairs and the same
 *       probe is timed again.</li>
 *   <li>Bytes per pair: the sync-pair stores' files on disk (after a clean close, so the memtables are flushed)
 *       divided by the pairs held, at both sizes.</li>
 * </ol>
 * System properties: {@code bench.small} (1 000 000), {@code bench.large} (10 000 000), {@code bench.probe}
 * (500 000), {@code bench.dir} work folder (target/bench), {@code bench.rocksdbCacheMib} the instance's RocksDB
 * block cache (the topology's default, 512; the write buffers stay at their default share of it),
 * {@code bench.streams.<name>} a Streams property for both apps (e.g. {@code bench.streams.commit.interval.ms}).
 */
public final class TopologyBench {

    private static final String PASS_THROUGH_TOPIC = "bench.pass-through";
    private static final String STREAMS_OVERRIDE = "bench.streams.";
    private static final String[] CLIENTS = {"acme", "globex", "initech"};
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final String[] PAIR_STORES = {SyncPairJoinProcessor.PAIRS_STORE,
        SyncPairJoinProcessor.PAIRS_BY_COOKIE_STORE, MatchTableProcessor.COOKIE_LAST_SEEN_STORE};

    private final EmbeddedKafkaCluster kafka;
    private final Path dir;
    private final RocksDBMemory rocksDbMemory;
    private long produced;

    private TopologyBench(final EmbeddedKafkaCluster kafka, final Path dir, final RocksDBMemory rocksDbMemory) {
        this.kafka = kafka;
        this.dir = dir;
        this.rocksDbMemory = rocksDbMemory;
    }

    public static void main(final String[] args) throws Exception {
        final long small = Long.getLong("bench.small", 1_000_000);
        final long large = Long.getLong("bench.large", 10_000_000);
        final long probe = Long.getLong("bench.probe", 500_000);
        final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        final RocksDBMemory rocksDbMemory = new RocksDBMemory(
                Long.getLong("bench.rocksdbCacheMib", RocksDBMemory.DEFAULT_BLOCK_CACHE_BYTES >> 20) << 20,
                RocksDBMemory.DEFAULT_WRITE_BUFFER_BYTES);
        report("RocksDB block cache %d MiB, write buffers %d MiB of it", rocksDbMemory.blockCacheBytes() >> 20,
                rocksDbMemory.writeBufferBytes() >> 20);
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(STREAMS_OVERRIDE))
                .sorted().forEach(name -> report("Streams property %s=%s (both apps)",
                        name.substring(STREAMS_OVERRIDE.length()), System.getProperty(name)));
        final EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.singleNode();
        kafka.start();
        try {
            kafka.createTopics(Topics.ALL);
            kafka.createTopic(PASS_THROUGH_TOPIC, Topics.DEFAULT_PARTITIONS);
            awaitLeaders(kafka);
            new TopologyBench(kafka, dir, rocksDbMemory).run(small, large, probe);
        } finally {
            kafka.stop();
        }
        System.exit(0);
    }

    /**
     * Waits until the broker serves every partition as leader: createTopics returns before it has taken
     * leadership, and a bench producer that starts sending then can end up retrying OUT_OF_ORDER_SEQUENCE_NUMBER
     * forever. A leader in the metadata is not enough (a run hung with every leader named: the broker answered
     * NOT_LEADER_OR_FOLLOWER for another second), so this asks every partition's leader for its end offset, which
     * only a partition's serving leader answers.
     */
    private static void awaitLeaders(final EmbeddedKafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            final Set<String> names = admin.listTopics().names().get();
            while (true) {
                final Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(names).allTopicNames().get().values().forEach(topic -> topic.partitions()
                        .forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
                try {
                    admin.listOffsets(ends).all().get();
                    return;
                } catch (final ExecutionException e) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        }
    }

    private void run(final long small, final long large, final long probe) throws Exception {
        produce(small);
        final double passThrough = consumeAll("bench-pass-through", passThrough(), dir.resolve("pass"), small);
        report("pass-through, %d events: %.0f events/s", small, passThrough);
        final String appId = "bench-topology";
        final Path state = dir.resolve("topology");
        final double topology = consumeAll(appId, BakeryTopology.build(settings(appId, state)), state, small);
        report("topology, %d events: %.0f events/s = %.2f x pass-through (target >= 0.5)", small, topology,
                topology / passThrough);

        final double atSmall = probe(appId, state, probe);
        report("probe of %d events with %d pairs in state: %.0f events/s; stores %.1f bytes per pair", probe, small,
                atSmall, bytesPerPair(state));

        final long fill = large - produced;
        produce(fill);
        final double filling = consumeAll(appId, BakeryTopology.build(settings(appId, state)), state, fill);
        report("filling to %d pairs: %.0f events/s", produced, filling);
        final double atLarge = probe(appId, state, probe);
        report("probe of %d events with %d pairs in state: %.0f events/s = %.2f x the small state (target >= 0.75);"
                + " stores %.1f bytes per pair (target <= 150)", probe, large, atLarge, atLarge / atSmall,
                bytesPerPair(state));
    }

    private TopologySettings settings(final String appId, final Path stateDir) {
        return new TopologySettings(appId, kafka.bootstrapServers(), stateDir, 1, 0, 1,
                new BakeryConfig(null, null, null, null)).withRocksDbMemory(rocksDbMemory);
    }

    private static Topology passThrough() {
        final Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.SYNC_EVENTS.name());
        topology.addSink("sink", PASS_THROUGH_TOPIC, new ByteArraySerializer(), new ByteArraySerializer(), "source");
        return topology;
    }

    /** Runs {@code topology} until its group has committed the whole sync-events topic; returns events/s. */
    private double consumeAll(final String appId, final Topology topology, final Path stateDir, final long events)
            throws Exception {
        final long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology, streamsProperties(appId, stateDir))) {
            streams.start();
            awaitCommitted(appId);
            final double seconds = (System.nanoTime() - start) / 1e9;
            leaveAndClose(streams);
            return events / seconds;
        }
    }

    /**
     * With the topology running and caught up, times {@code events} new sync events from first send to commit.
     * The clock starts once the app is RUNNING: the probe measures processing with the state in place, not the
     * group's rebalance or the stores' opening.
     */
    private double probe(final String appId, final Path stateDir, final long events) throws Exception {
        try (KafkaStreams streams = new KafkaStreams(BakeryTopology.build(settings(appId, stateDir)),
                streamsProperties(appId, stateDir))) {
            streams.start();
            awaitRunning(streams);
            awaitCommitted(appId);
            final long start = System.nanoTime();
            produce(events);
            awaitCommitted(appId);
            final double seconds = (System.nanoTime() - start) / 1e9;
            leaveAndClose(streams);
            return events / seconds;
        }
    }

    private static void awaitRunning(final KafkaStreams streams) throws InterruptedException {
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state().hasCompletedShutdown() || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the topology stopped while starting: " + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * Closes {@code streams} leaving the group. A Streams member does not leave on a plain close, so the next
     * phase's app waited a whole session timeout (45 s) for the old member before it got its tasks, and that wait
     * was inside the next phase's timing (a 100k-event probe: 43 s of its 71 s).
     */
    private static void leaveAndClose(final KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(120)));
    }

    /**
     * The topology's Streams properties, for the pass-through app too (the same exactly-once setting), plus any
     * system property {@code bench.streams.<name>} as Streams property {@code <name>}, to try a setting on both.
     */
    private Properties streamsProperties(final String appId, final Path stateDir) {
        final Properties props = settings(appId, stateDir).toStreamsProperties();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(STREAMS_OVERRIDE))
                .forEach(name -> props.put(name.substring(STREAMS_OVERRIDE.length()), System.getProperty(name)));
        return props;
    }

    private void awaitCommitted(final String appId) throws Exception {
        try (Admin admin = kafka.admin()) {
            final Map<TopicPartition, Long> end = endOffsets(admin);
            while (!committed(admin, appId, end)) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < Topics.SYNC_EVENTS.partitions(); p++) {
            request.put(new TopicPartition(Topics.SYNC_EVENTS.name(), p), OffsetSpec.latest());
        }
        final Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private static boolean committed(final Admin admin, final String appId, final Map<TopicPartition, Long> end)
            throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
        for (final Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            final OffsetAndMetadata offset = committed.get(partition.getKey());
            // A transactional topic's end offset is one past the last commit marker.
            if (offset == null || offset.offset() < partition.getValue() - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends {@code count} more sync events, each a new pair (a fresh DMP cookie; two cookies per Bakery id), and
     * for every tenth Bakery id an identity link and a CRM record of that id's client, first.
     */
    private void produce(final long count) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            final long first = produced;
            for (long i = first; i < first + count; i += 2) {
                final long b = i / 2;
                if (b % 10 == 0) {
                    sendRecordAndLink(producer, b);
                }
            }
            for (long i = first; i < first + count; i++) {
                final long b = i / 2;
                final String client = client(b);
                send(producer, Topics.SYNC_EVENTS.name(), Topics.SYNC_EVENTS.keySerde(),
                        new ClientBakeryKey(client, bakeryId(b)), Topics.SYNC_EVENTS.valueSerde(),
                        SyncEvent.newBuilder().setEventId("e" + i).setClientId(client).setPartner("tealium")
                                .setDmpCookieId(String.format("%016x%016x", i * 0x9E3779B97F4A7C15L, ~i))
                                .setBakeryId(bakeryId(b)).setReceivedAt(START.plusMillis(i))
                                .setConsent(ConsentSnapshot.newBuilder().setDecision(ConsentDecision.GRANTED).build())
                                .build());
            }
            producer.flush();
            produced += count;
        }
    }

    private static void sendRecordAndLink(final KafkaProducer<byte[], byte[]> producer, final long b) {
        final HashedIdentifier id = new HashedIdentifier(IdentifierType.EMAIL_SHA256,
                String.format("%064x", b * 0x9E3779B97F4A7C15L & Long.MAX_VALUE), 1);
        send(producer, Topics.IDENTITY_LINKS.name(), Topics.IDENTITY_LINKS.keySerde(),
                new IdentifierKey(id.getType(), id.getHash()), Topics.IDENTITY_LINKS.valueSerde(),
                IdentityLink.newBuilder().setEventId("l" + b).setBakeryId(bakeryId(b)).setIdentifier(id)
                        .setOp(LinkOp.ADD).setSource("bench").setObservedAt(START).build());
        final String client = client(b);
        send(producer, Topics.CRM_RECORDS.name(), Topics.CRM_RECORDS.keySerde(), new ClientRecordKey(client, "r" + b),
                Topics.CRM_RECORDS.valueSerde(), CrmRecord.newBuilder().setClientId(client).setRecordId("r" + b)
                        .setIdentifiers(List.of(id)).setUploadId("bench").setUpdatedAt(START).build());
    }

    private static <K, V> void send(final KafkaProducer<byte[], byte[]> producer, final String topic,
            final Serde<K> keySerde, final K key, final Serde<V> valueSerde, final V value) {
        producer.send(new ProducerRecord<>(topic, keySerde.serializer().serialize(topic, key),
                valueSerde.serializer().serialize(topic, value)), (metadata, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("bench produce failed", e);
                    }
                });
    }

    private KafkaProducer<byte[], byte[]> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String client(final long b) {
        return CLIENTS[(int) (b % CLIENTS.length)];
    }

    /** A Bakery id shaped like the gateway's: 128 bits as 32 lower-case hex characters. */
    private static String bakeryId(final long b) {
        return String.format("%016x%016x", b * 0x9E3779B97F4A7C15L, b * 0xC2B2AE3D27D4EB4FL);
    }

    private double bytesPerPair(final Path stateDir) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && Stream.of(PAIR_STORES).anyMatch(s -> file.toString().contains("/" + s + "/"))) {
                    total += Files.size(file);
                }
            }
        }
        return (double) total / produced;
    }

    private static void report(final String format, final Object... args) {
        System.out.printf(format + "%n", args);
    }
}
