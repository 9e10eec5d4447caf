package io.bakery.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientBakeryKey;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.ConsentSnapshot;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two topology instances on a real broker with 6 partitions: 200 000 random facts from several clients (in two
 * phases of 100 000, the world's sizes scaled with them so every entity sees a few facts) must end in exactly the
 * matches a set model computes; then one instance (a child JVM) is killed mid-stream without any
 * shutdown, and the survivor's output must still converge on the model with no pair ADDED twice.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class MatchingTopologyIT {

    @RegisterExtension
    // A killed instance leaves open transactions that block read_committed readers until the broker aborts
    // them: check for timed-out transactions every second instead of every 10 s.
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode()
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

    private static final int EVENTS_PER_PHASE = 100_000;
    private static final String[] CLIENTS = {"acme", "globex", "initech"};
    private static final int BAKERY_IDS = 20_000;
    private static final int IDENTIFIERS = 20_000;
    private static final int COOKIES = 20_000;
    private static final int RECORDS = 15_000;

    @TempDir
    Path stateDir;

    private final Random random = new Random(20261123L);
    private final Set<String> pairs = new HashSet<>();                 // client bakeryId cookie
    private final Set<String> links = new HashSet<>();                 // identifier bakeryId
    private final Map<String, Set<String>> records = new HashMap<>();  // client record -> identifiers
    private Instant clock = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void shouldMatchTheModelWithTwoInstancesAndAfterOneIsKilledMidStream() throws Exception {
        KAFKA.createTopics(Topics.ALL);
        final String appId = "bakery-topology-it";
        final Process child = startChild(appId);
        try (TopologyApp survivor = TopologyApp.start(new TopologySettings(appId, KAFKA.bootstrapServers(),
                stateDir.resolve("survivor"), 1, 0, 1, new BakeryConfig(null, null, null, null)),
                TopologyChildProcess.overrides())) {
            // Given two instances sharing the work (members of one group, both running)
            // (describing the group may time out while the broker is busy: ask again rather than fail)
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> groupMembers(appId) == 2
                    && survivor.state() == KafkaStreams.State.RUNNING);
            produce(EVENTS_PER_PHASE);
            awaitMatchesEqualModel();

            // When one dies without a clean shutdown while the next events are in flight
            final Thread producer = new Thread(() -> produce(EVENTS_PER_PHASE));
            producer.start();
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            producer.join();

            // Then the survivor takes over its tasks and converges on the model
            awaitMatchesEqualModel();
            assertThat(survivor.running()).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }

    private static int groupMembers(final String appId) throws Exception {
        try (Admin admin = KAFKA.admin()) {
            return admin.describeConsumerGroups(List.of(appId)).all().get(10, TimeUnit.SECONDS)
                    .get(appId).members().size();
        }
    }

    private Process startChild(final String appId) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(java,
                "-Xmx512m",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"),
                "-cp", System.getProperty("java.class.path"),
                TopologyChildProcess.class.getName(),
                KAFKA.bootstrapServers(), appId, stateDir.resolve("child").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(new File(stateDir.toFile(), "child.log"));
        return builder.start();
    }

    private void awaitMatchesEqualModel() {
        final Set<String> expected = expectedMatches();
        assertThat(expected).as("the random facts should produce matches").isNotEmpty();
        await().atMost(Duration.ofSeconds(360)).pollInterval(Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    final Set<String> announced = announcedMatches();
                    final Set<String> missing = new HashSet<>(expected);
                    missing.removeAll(announced);
                    final Set<String> extra = new HashSet<>(announced);
                    extra.removeAll(expected);
                    assertThat(missing.size() + extra.size())
                            .as("%d expected, %d announced, %d missing (e.g. %s), %d extra (e.g. %s)", expected.size(),
                                    announced.size(), missing.size(), first(missing), extra.size(), first(extra))
                            .isZero();
                });
    }

    private static String first(final Set<String> set) {
        return set.isEmpty() ? "-" : set.iterator().next();
    }

    /** ADDED minus REMOVED over the committed output, failing on an ADDED for a pair already matched. */
    private static Set<String> announcedMatches() {
        final Set<String> current = new HashSet<>();
        for (final ConsumerRecord<ClientCookieKey, Match> record : KAFKA.client().readAll(Topics.MATCHES)) {
            final Match match = record.value();
            final String triple = match.getClientId() + " " + match.getDmpCookieId() + " " + match.getRecordId();
            if (match.getKind() == MatchKind.ADDED) {
                if (!current.add(triple)) {
                    throw new AssertionError("ADDED twice while matched: " + triple);
                }
            } else if (match.getKind() == MatchKind.REMOVED) {
                current.remove(triple);
            }
        }
        return current;
    }

    private Set<String> expectedMatches() {
        final Map<String, Set<String>> bakeryIdsByIdentifier = new HashMap<>();
        for (final String link : links) {
            final String[] parts = link.split(" ");
            bakeryIdsByIdentifier.computeIfAbsent(parts[0], k -> new HashSet<>()).add(parts[1]);
        }
        final Map<String, Set<String>> cookiesByClientBakeryId = new HashMap<>();
        for (final String pair : pairs) {
            final String[] parts = pair.split(" ");
            cookiesByClientBakeryId.computeIfAbsent(parts[0] + " " + parts[1], k -> new HashSet<>()).add(parts[2]);
        }
        final Set<String> matches = new HashSet<>();
        for (final Map.Entry<String, Set<String>> record : records.entrySet()) {
            final String[] clientRecord = record.getKey().split(" ");
            for (final String identifier : record.getValue()) {
                for (final String bakeryId : bakeryIdsByIdentifier.getOrDefault(identifier, Set.of())) {
                    for (final String cookie : cookiesByClientBakeryId.getOrDefault(clientRecord[0] + " " + bakeryId, Set.of())) {
                        matches.add(clientRecord[0] + " " + cookie + " " + clientRecord[1]);
                    }
                }
            }
        }
        return matches;
    }

    /** Produces {@code count} random facts and applies each to the model. */
    private void produce(final int count) {
        final List<Map.Entry<ClientBakeryKey, SyncEvent>> syncs = new ArrayList<>();
        final List<Map.Entry<IdentifierKey, IdentityLink>> identityLinks = new ArrayList<>();
        final List<Map.Entry<ClientRecordKey, CrmRecord>> crm = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clock = clock.plusMillis(10);
            final String client = CLIENTS[random.nextInt(CLIENTS.length)];
            final String bakeryId = "bakery-" + random.nextInt(BAKERY_IDS);
            final int choice = random.nextInt(100);
            if (choice < 40) {
                final String cookie = "cookie-" + random.nextInt(COOKIES);
                syncs.add(new SimpleImmutableEntry<>(new ClientBakeryKey(client, bakeryId), sync(client, bakeryId, cookie)));
                pairs.add(client + " " + bakeryId + " " + cookie);
            } else if (choice < 70) {
                final String identifier = "id-" + random.nextInt(IDENTIFIERS);
                final boolean add = choice < 64;
                final HashedIdentifier hashed = TopologyFixture.hashed(identifier);
                identityLinks.add(new SimpleImmutableEntry<>(new IdentifierKey(hashed.getType(), hashed.getHash()),
                        link(hashed, bakeryId, add ? LinkOp.ADD : LinkOp.REMOVE)));
                if (add) {
                    links.add(identifier + " " + bakeryId);
                } else {
                    links.remove(identifier + " " + bakeryId);
                }
            } else {
                final String recordId = "record-" + random.nextInt(RECORDS);
                final ClientRecordKey key = new ClientRecordKey(client, recordId);
                if (choice < 96) {
                    final Set<String> identifiers = new HashSet<>();
                    final int size = 1 + random.nextInt(2);
                    for (int j = 0; j < size; j++) {
                        identifiers.add("id-" + random.nextInt(IDENTIFIERS));
                    }
                    crm.add(new SimpleImmutableEntry<>(key, crmRecord(client, recordId, identifiers)));
                    records.put(client + " " + recordId, identifiers);
                } else {
                    crm.add(new SimpleImmutableEntry<>(key, null));
                    records.remove(client + " " + recordId);
                }
            }
        }
        KAFKA.client().produce(Topics.SYNC_EVENTS, syncs);
        KAFKA.client().produce(Topics.IDENTITY_LINKS, identityLinks);
        KAFKA.client().produce(Topics.CRM_RECORDS, crm);
    }

    private SyncEvent sync(final String client, final String bakeryId, final String cookie) {
        return SyncEvent.newBuilder()
                .setEventId("e-" + random.nextLong())
                .setClientId(client)
                .setPartner("tealium")
                .setDmpCookieId(cookie)
                .setBakeryId(bakeryId)
                .setReceivedAt(clock)
                .setConsent(ConsentSnapshot.newBuilder().setDecision(ConsentDecision.GRANTED).build())
                .build();
    }

    private IdentityLink link(final HashedIdentifier identifier, final String bakeryId, final LinkOp op) {
        return IdentityLink.newBuilder()
                .setEventId("l-" + random.nextLong())
                .setBakeryId(bakeryId)
                .setIdentifier(identifier)
                .setOp(op)
                .setSource("identity-pixel")
                .setObservedAt(clock)
                .build();
    }

    private CrmRecord crmRecord(final String client, final String recordId, final Set<String> identifiers) {
        final List<HashedIdentifier> hashed = new ArrayList<>();
        identifiers.forEach(identifier -> hashed.add(TopologyFixture.hashed(identifier)));
        return CrmRecord.newBuilder()
                .setClientId(client)
                .setRecordId(recordId)
                .setIdentifiers(hashed)
                .setUploadId("upload-it")
                .setUpdatedAt(clock)
                .build();
    }
}
