package io.bakery.topology;

import io.bakery.schemas.TopicSpec;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.ConsentSnapshot;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DeadLetter;
import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureKind;
import io.bakery.schemas.avro.ErasureSubject;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.avro.ReplaceAllGeneration;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.schemas.config.BakeryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around {@link BakeryTopology} with typed inputs for the four facts and readers for its outputs. */
final class TopologyFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    final TopologyTestDriver driver;
    private final String applicationId;
    private final TestInputTopic<ClientBakeryKey, SyncEvent> syncEvents;
    private final TestInputTopic<IdentifierKey, IdentityLink> identityLinks;
    private final TestInputTopic<ClientRecordKey, CrmRecord> crmRecords;
    private final TestInputTopic<ErasureSubject, Erasure> erasures;
    private final TestOutputTopic<ClientCookieKey, Match> matches;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, ClientStats> clientStats;
    private Instant now = START;

    TopologyFixture(final Path stateDir) {
        this(settings(stateDir));
    }

    TopologyFixture(final TopologySettings settings) {
        driver = new TopologyTestDriver(BakeryTopology.build(settings), settings.toStreamsProperties(), START);
        applicationId = settings.applicationId();
        syncEvents = input(Topics.SYNC_EVENTS);
        identityLinks = input(Topics.IDENTITY_LINKS);
        crmRecords = input(Topics.CRM_RECORDS);
        erasures = input(Topics.ERASURES);
        matches = output(Topics.MATCHES);
        deadLetters = output(Topics.TOPOLOGY_DEAD_LETTERS);
        clientStats = output(Topics.CLIENT_STATS);
    }

    static TopologySettings settings(final Path stateDir) {
        return new TopologySettings("bakery-topology-test", "unused:9092", stateDir, 1, 0, 1, new BakeryConfig(null, null, null, null));
    }

    /** A deterministic SHA-256 hex for a readable test name such as "alice@example.com". */
    static String hash(final String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Instant now() {
        return now;
    }

    /** Moves event time and the wall clock forward, firing wall-clock punctuators. */
    void advance(final Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    void sync(final String clientId, final String bakeryId, final String cookie) {
        syncAt(clientId, bakeryId, cookie, now);
    }

    void syncAt(final String clientId, final String bakeryId, final String cookie, final Instant at) {
        final SyncEvent event = SyncEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setClientId(clientId)
                .setPartner("tealium")
                .setDmpCookieId(cookie)
                .setBakeryId(bakeryId)
                .setReceivedAt(at)
                .setConsent(ConsentSnapshot.newBuilder().setDecision(ConsentDecision.GRANTED).build())
                .build();
        syncEvents.pipeInput(new ClientBakeryKey(clientId, bakeryId), event, at);
    }

    void link(final String identifier, final String bakeryId) {
        identityLink(identifier, bakeryId, LinkOp.ADD);
    }

    void unlink(final String identifier, final String bakeryId) {
        identityLink(identifier, bakeryId, LinkOp.REMOVE);
    }

    private void identityLink(final String identifier, final String bakeryId, final LinkOp op) {
        final HashedIdentifier hashed = hashed(identifier);
        identityLinks.pipeInput(new IdentifierKey(hashed.getType(), hashed.getHash()), IdentityLink.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBakeryId(bakeryId)
                .setIdentifier(hashed)
                .setOp(op)
                .setSource("identity-pixel")
                .setObservedAt(now)
                .build(), now);
    }

    void upsert(final String clientId, final String recordId, final String... identifiers) {
        crm(clientId, recordId, null, identifiers);
    }

    void member(final String generation, final String clientId, final String recordId, final String... identifiers) {
        crm(clientId, recordId, new ReplaceAllGeneration(generation, GenerationMarker.MEMBER, 0L), identifiers);
    }

    void complete(final String generation, final String clientId, final long recordCount) {
        crmRecords.pipeInput(new ClientRecordKey(clientId, ""), CrmRecord.newBuilder()
                .setClientId(clientId)
                .setRecordId("")
                .setUploadId(generation)
                .setUpdatedAt(now)
                .setGeneration(new ReplaceAllGeneration(generation, GenerationMarker.COMPLETE, recordCount))
                .build(), now);
    }

    private void crm(final String clientId, final String recordId, final ReplaceAllGeneration generation,
            final String... identifiers) {
        final List<HashedIdentifier> hashed = new ArrayList<>();
        for (final String identifier : identifiers) {
            hashed.add(hashed(identifier));
        }
        crmRecords.pipeInput(new ClientRecordKey(clientId, recordId), CrmRecord.newBuilder()
                .setClientId(clientId)
                .setRecordId(recordId)
                .setIdentifiers(hashed)
                .setUploadId(generation == null ? "upload-" + UUID.randomUUID() : generation.getId())
                .setUpdatedAt(now)
                .setGeneration(generation)
                .build(), now);
    }

    void delete(final String clientId, final String recordId) {
        crmRecords.pipeInput(new ClientRecordKey(clientId, recordId), null, now);
    }

    void erase(final ErasureKind kind, final String clientId, final String value) {
        final ErasureSubject subject = kind == ErasureKind.HASHED_IDENTIFIER
                ? new ErasureSubject(kind, null, IdentifierType.EMAIL_SHA256, hash(value))
                : new ErasureSubject(kind, clientId, null, value);
        erasures.pipeInput(subject, Erasure.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSubject(subject)
                .setReason("data-subject-request")
                .setRequestedAt(now)
                .build(), now);
    }

    <K, V> void pipeRaw(final TopicSpec<K, V> topic, final byte[] key, final byte[] value) {
        driver.createInputTopic(topic.name(), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer()).pipeInput(key, value, now);
    }

    <K, V> TestInputTopic<K, V> input(final TopicSpec<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(final TopicSpec<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** The match records written since the last call. */
    List<Match> matches() {
        final List<Match> out = new ArrayList<>();
        for (final TestRecord<ClientCookieKey, Match> record : matches.readRecordsToList()) {
            out.add(record.value());
        }
        return out;
    }

    /** The dead letters written since the last call. */
    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /** The client statistics written since the last call. */
    List<ClientStats> clientStats() {
        return clientStats.readValuesToList();
    }

    /**
     * How many records each store wrote to its changelog since the last call, by store name; a store that wrote
     * nothing is absent. Every store write is one such record in the task's transaction.
     */
    Map<String, Integer> storeWrites() {
        final String prefix = applicationId + "-";
        final String suffix = "-changelog";
        final Map<String, Integer> writes = new TreeMap<>();
        for (final String topic : driver.producedTopicNames()) {
            if (topic.startsWith(prefix) && topic.endsWith(suffix)) {
                final int count = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList().size();
                if (count > 0) {
                    writes.put(topic.substring(prefix.length(), topic.length() - suffix.length()), count);
                }
            }
        }
        return writes;
    }

    /** Short form of a match for assertions: "ADDED client cookie record". */
    static String describe(final Match match) {
        return match.getKind() + " " + match.getClientId() + " " + match.getDmpCookieId() + " " + match.getRecordId();
    }

    static List<String> describe(final List<Match> matches) {
        final List<String> out = new ArrayList<>();
        for (final Match match : matches) {
            if (match.getKind() != MatchKind.SEEN) {
                out.add(describe(match));
            }
        }
        return out;
    }

    /** The (client, cookie, record) triples matched after folding ADDED/REMOVED in order. */
    static Set<String> fold(final List<Match> matches) {
        final Set<String> current = new LinkedHashSet<>();
        for (final Match match : matches) {
            final String triple = match.getClientId() + " " + match.getDmpCookieId() + " " + match.getRecordId();
            if (match.getKind() == MatchKind.ADDED && !current.add(triple)) {
                throw new AssertionError("ADDED twice while matched: " + triple);
            }
            if (match.getKind() == MatchKind.REMOVED && !current.remove(triple)) {
                throw new AssertionError("REMOVED while not matched: " + triple);
            }
        }
        return current;
    }

    static HashedIdentifier hashed(final String identifier) {
        return new HashedIdentifier(IdentifierType.EMAIL_SHA256, hash(identifier), 1);
    }

    @Override
    public void close() {
        driver.close();
    }
}
