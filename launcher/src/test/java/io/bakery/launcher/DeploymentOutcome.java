package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.launcher.SmallWorld.Row;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.avro.SyncEvent;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.KafkaTestClient;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.daily.DayClosePublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a deployment made of a world's day, read the way its users see it: the matches on bakery.matches, the
 * delta files in the export folders, the ledger, and (read_committed) what landed on the input topics, held
 * against what the gateways accepted.
 */
public final class DeploymentOutcome {

    private final String bootstrapServers;
    private final List<SmallWorld.Client> clients;
    private final KafkaTestClient kafka;

    public DeploymentOutcome(final String bootstrapServers, final List<SmallWorld.Client> clients) {
        this.bootstrapServers = bootstrapServers;
        this.clients = clients;
        this.kafka = KafkaTestClient.of(bootstrapServers);
    }

    /** Per client, the (cookie, record) pairs matched now, from the ADDED and REMOVED events on bakery.matches. */
    public Map<String, Set<Row>> currentMatches() {
        final Map<String, Set<Row>> matched = new TreeMap<>();
        clients.forEach(c -> matched.put(c.id(), new TreeSet<>()));
        for (final ConsumerRecord<ClientCookieKey, Match> record : kafka.readAll(Topics.MATCHES)) {
            final Match match = record.value();
            final Row row = new Row(match.getDmpCookieId(), match.getRecordId());
            if (match.getKind() == MatchKind.ADDED) {
                matched.get(match.getClientId()).add(row);
            } else if (match.getKind() == MatchKind.REMOVED) {
                matched.get(match.getClientId()).remove(row);
            }
        }
        return matched;
    }

    /** The pairs announced ADDED while already matched: what a topology that is not exactly-once would repeat. */
    public List<String> pairsAddedTwice() {
        final Set<String> current = new HashSet<>();
        final List<String> twice = new ArrayList<>();
        for (final ConsumerRecord<ClientCookieKey, Match> record : kafka.readAll(Topics.MATCHES)) {
            final Match match = record.value();
            final String pair = match.getClientId() + "|" + match.getDmpCookieId() + "|" + match.getRecordId();
            if (match.getKind() == MatchKind.ADDED && !current.add(pair)) {
                twice.add(pair);
            } else if (match.getKind() == MatchKind.REMOVED) {
                current.remove(pair);
            }
        }
        return twice;
    }

    /** Whether the topology has committed everything there is to read on every partition it reads. */
    public boolean topologyCaughtUp() throws Exception {
        try (Admin admin = admin()) {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(TopologySettings.DEFAULT_APPLICATION_ID)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            final var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS);
            return !committed.isEmpty() && committed.entrySet().stream().allMatch(
                    e -> e.getValue() != null && e.getValue().offset() >= ends.get(e.getKey()).offset());
        }
    }

    /**
     * What {@code bakery close-day --client C --day D} does for each client's today in its time zone: every
     * window task closes the day (and any earlier open one, should the traffic have crossed a client's midnight).
     */
    public void closeEachClientsDay(final BakeryConfig config) {
        final DayClosePublisher closer = new DayClosePublisher(bootstrapServers, Clock.systemUTC());
        for (final SmallWorld.Client client : clients) {
            closer.publish(client.id(), LocalDate.now(config.client(client.id()).orElseThrow().zone()), "it");
        }
    }

    /** Per client, how many ledger entries say a client-day was delivered, by day. */
    public Map<String, Map<String, Long>> deliveredLedgerEntries() {
        return kafka.readAll(Topics.EXPORT_LEDGER).stream()
                .filter(r -> r.value() != null && r.value().getState() == DeliveryState.DELIVERED)
                .map(ConsumerRecord::key)
                .collect(Collectors.groupingBy(ClientDayKey::getClientId, TreeMap::new,
                        Collectors.groupingBy(ClientDayKey::getDay, TreeMap::new, Collectors.counting())));
    }

    /**
     * Per client, the rows of every delta file delivered to its folder under {@code root} (hidden temporary files
     * excluded): a day at a client's midnight may be split over two files (two days), so rows are compared as one
     * set per client.
     */
    public Map<String, Set<Row>> deliveredRows(final Path root) throws IOException {
        final Map<String, Set<Row>> delivered = new TreeMap<>();
        deliveredRowLists(root).forEach((client, rows) -> delivered.put(client, new TreeSet<>(rows)));
        return delivered;
    }

    /** As {@link #deliveredRows}, every row as often as the files hold it. */
    public Map<String, List<Row>> deliveredRowLists(final Path root) throws IOException {
        final Map<String, List<Row>> delivered = new TreeMap<>();
        for (final SmallWorld.Client client : clients) {
            final List<Row> rows = new ArrayList<>();
            final Path folder = root.resolve(client.id());
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (final Path file : files.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                        rows.addAll(rowsOf(file));
                    }
                }
            }
            delivered.put(client.id(), rows);
        }
        return delivered;
    }

    /**
     * Every request the gateways accepted is on its topic exactly once and nothing is there twice: each accepted
     * pixel request's sync event (by its site tag), each accepted upload's records, each accepted intake's links.
     * Events of requests that were never answered (in flight at a kill) may be there too; they were not accepted.
     */
    public String assertEveryAcceptedEventStoredOnce(final AcceptedRequests accepted) {
        final List<SyncEvent> events = values(kafka.readAll(Topics.SYNC_EVENTS));
        // A tag stored twice is told apart here: one event id twice means a copy was sent twice, two ids mean two
        // requests carried the tag.
        final Map<String, List<String>> copiesOfRepeatedTags = events.stream()
                .collect(Collectors.groupingBy(e -> e.getSite().toString(), TreeMap::new, Collectors.mapping(
                        e -> "event " + e.getEventId() + " received " + e.getReceivedAt(), Collectors.toList())));
        copiesOfRepeatedTags.values().removeIf(copies -> copies.size() == 1);
        assertThat(copiesOfRepeatedTags).as("sync events whose site tag is stored more than once").isEmpty();
        assertStoredOnce("sync events by site tag", accepted.acceptedSiteTags(), events,
                e -> e.getSite().toString());
        final String report = "sync events: %d requests accepted, %d events stored"
                .formatted(accepted.acceptedSiteTags().size(), events.size());

        final List<CrmRecord> records = values(kafka.<ClientRecordKey, CrmRecord>readAll(Topics.CRM_RECORDS));
        final Set<String> acceptedRecords = new HashSet<>();
        accepted.acceptedRecordIds().forEach((client, ids) -> ids.forEach(id -> acceptedRecords.add(client + "|" + id)));
        assertStoredOnce("CRM records", acceptedRecords, records, r -> r.getClientId() + "|" + r.getRecordId());

        final List<IdentityLink> links = values(kafka.<IdentifierKey, IdentityLink>readAll(Topics.IDENTITY_LINKS));
        assertStoredOnce("identity links", accepted.acceptedLinks(), links,
                l -> l.getBakeryId() + "|" + l.getIdentifier().getHash());
        return report;
    }

    private static <T> void assertStoredOnce(final String what, final Set<String> accepted, final List<T> stored,
            final Function<T, String> id) {
        final Map<String, Long> copies = stored.stream().collect(Collectors.groupingBy(id, Collectors.counting()));
        final Set<String> missing = new TreeSet<>(accepted);
        missing.removeAll(copies.keySet());
        final Map<String, Long> repeated = new TreeMap<>(copies);
        repeated.values().removeIf(n -> n == 1);
        assertThat(missing).as("%s: %d accepted, %d stored; accepted but missing", what, accepted.size(),
                copies.size()).isEmpty();
        assertThat(repeated).as("%s stored more than once", what).isEmpty();
    }

    private static <K, V> List<V> values(final List<ConsumerRecord<K, V>> records) {
        return records.stream().map(ConsumerRecord::value).filter(v -> v != null).toList();
    }

    private Admin admin() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    /** A delta file's rows: header first, then DMP cookie id and CRM record id as the first two columns. */
    private static List<Row> rowsOf(final Path file) throws IOException {
        final List<String> lines = Files.readAllLines(file);
        final List<Row> rows = new ArrayList<>();
        for (final String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            final String[] columns = line.split(",", -1);
            rows.add(new Row(unquote(columns[0]), unquote(columns[1])));
        }
        return rows;
    }

    private static String unquote(final String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
