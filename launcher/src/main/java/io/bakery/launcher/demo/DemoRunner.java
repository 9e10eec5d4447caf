package io.bakery.launcher.demo;

import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.launcher.DevStack;
import io.bakery.launcher.world.World;
import io.bakery.launcher.world.WorldGenerator;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.DestinationConfig;
import io.bakery.schemas.config.PullConfig;
import io.bakery.schemas.normalize.Sha256;
import io.bakery.topology.TopologySettings;
import io.bakery.topology.daily.DayClosePublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code bakery demo}: generates a world, runs the dev stack on an embedded broker, feeds the world through the
 * real entry points (identity intake, upload API, pull folder, sync pixel over HTTP), waits until the topology
 * has processed everything, closes each client's day with the operator's close request, waits for the
 * exporter's delta files, and reports per client the funnel and the file.
 */
public final class DemoRunner {

    /** Marks a data folder as a demo's, so a later demo may clear it (and nothing else is ever cleared). */
    static final String MARKER = ".bakery-demo";
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(3);
    /**
     * The demo's topology publishes client statistics this often (production: every minute), so the funnel it
     * prints is only seconds behind the end of processing.
     */
    static final Duration STATS_INTERVAL = Duration.ofSeconds(2);
    private static final Duration STATS_TIMEOUT = Duration.ofMinutes(1);

    private final DemoSettings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    public DemoRunner(final DemoSettings settings, final PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** The outcome of a run, per client. */
    public record ClientOutcome(String clientId, String day, Path deltaFile, long rows, String sha256, ClientStats stats) {}

    /** What a run produced; the stack is still running until {@link DevStack#close()}. */
    public record Outcome(World world, DevStack stack, List<ClientOutcome> clients) {}

    /** Runs the demo; the returned stack keeps running so its dashboard can be visited. */
    public Outcome run(final BakeryConfig loaded) throws IOException, InterruptedException {
        final Instant started = Instant.now();
        final Path dataDir = prepareDataDir(settings.dataDir());
        final BakeryConfig config = withPullFolder(loaded, dataDir.resolve("pull"));
        progress("generating world (seed %d) in %s", settings.seed(), dataDir.resolve("world"));
        final World world = new WorldGenerator(settings.seed(), settings.size(), config).writeTo(dataDir.resolve("world"));
        progress("world: %d graph links, %d clients, %d CRM rows, %d pixel hits", world.graphLinks(),
                world.clients().size(), world.clients().stream().mapToInt(World.ClientWorld::crmRows).sum(),
                world.clients().stream().mapToInt(World.ClientWorld::hitCount).sum());

        progress("starting broker, topics, gateway, topology and exporter");
        final int brokerPort = settings.brokerPort() == 0 ? freePortPair() : settings.brokerPort();
        final DevStack stack = DevStack.start(config, dataDir, brokerPort, settings.gatewayPort(), STATS_INTERVAL);
        try {
            final String gateway = stack.gatewayUrl();
            gatewayBaseUrl = gateway;
            progress("gateway %s, Kafka %s", gateway, stack.bootstrapServers());

            post("/api/v1/identity-links", settings.adminKey(), "application/x-ndjson", world.graph());
            progress("identity graph sent to the intake API (%d links)", world.graphLinks());
            for (final World.ClientWorld client : world.clients()) {
                if (client.route() == World.CrmRoute.API) {
                    post("/api/v1/clients/" + client.clientId() + "/uploads?mode=replace-all",
                            settings.clientKeyPattern().formatted(client.clientId()), "text/csv", client.crmHashed());
                    progress("CRM of %-9s uploaded through the upload API (%d rows)", client.clientId(), client.crmRows());
                } else {
                    pull(config, dataDir.resolve("pull").resolve(client.clientId()), client);
                }
            }

            // The day the hits belong to, per client, taken before they are sent: a client's midnight passing
            // while the demo waits must not make it close the next, empty day instead.
            final Map<String, LocalDate> days = new HashMap<>();
            for (final ClientConfig client : config.clients()) {
                days.put(client.id(), LocalDate.now(client.zone()));
            }
            final PixelTraffic pixels = new PixelTraffic(gateway,
                    new BakeryIdCookie(config.cookie()), config.consent().vendorId(), 4);
            for (final World.ClientWorld client : world.clients()) {
                final long requests = pixels.send(client, n -> { });
                progress("pixel hits of %-9s sent (%d hits, %d requests with bounces)", client.clientId(),
                        client.hitCount(), requests);
            }

            awaitTopologyCaughtUp(stack.bootstrapServers());
            final Instant caughtUp = Instant.now();
            progress("topology has processed every input");

            final DayClosePublisher closer = new DayClosePublisher(stack.bootstrapServers(), Clock.systemUTC());
            for (final ClientConfig client : config.clients()) {
                closer.publish(client.id(), days.get(client.id()), "demo");
            }
            progress("close-day requested for every client (today in each client's time zone)");

            final Map<String, ExportDelivery> deliveries = awaitDeliveries(stack.bootstrapServers(), days);
            progress("exporter delivered %d delta files", deliveries.size());
            final Map<String, ClientStats> stats = awaitStats(stack.bootstrapServers(), caughtUp, days.keySet());

            final List<ClientOutcome> outcomes = new ArrayList<>();
            for (final World.ClientWorld client : world.clients()) {
                final ExportDelivery delivery = deliveries.get(client.clientId());
                final Path file = Path.of(delivery.getDestination()).resolve(delivery.getFileName());
                final String sha = sha256(file);
                if (!sha.equals(delivery.getSha256())) {
                    throw new IllegalStateException("delta file " + file + " does not have the ledger's SHA-256");
                }
                outcomes.add(new ClientOutcome(client.clientId(), delivery.getDay(), file, delivery.getRowCount(), sha,
                        stats.get(client.clientId())));
            }
            new DemoReport(out).print(outcomes, gateway, Duration.between(started, Instant.now()));
            return new Outcome(world, stack, outcomes);
        } catch (final IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** A free port whose successor is free too (the broker's controller takes it). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (java.net.ServerSocket first = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                final int port = first.getLocalPort();
                try (java.net.ServerSocket second = new java.net.ServerSocket(port + 1, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (final IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("found no two adjacent free ports on 127.0.0.1");
    }

    private void progress(final String format, final Object... args) {
        out.printf("[demo] " + format + "%n", args);
        out.flush();
    }

    /** Uses {@code dir} when it is empty, new, or an earlier demo's (then cleared); refuses anything else. */
    private static Path prepareDataDir(final Path dir) throws IOException {
        final Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            try (var entries = Files.list(abs)) {
                final boolean empty = entries.findAny().isEmpty();
                if (!empty && !Files.exists(abs.resolve(MARKER))) {
                    throw new IllegalArgumentException(abs + " is not empty and not an earlier demo's data folder; "
                            + "choose another --data-dir");
                }
            }
            try (var walk = Files.walk(abs)) {
                walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(abs)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(abs);
        Files.writeString(abs.resolve(MARKER), "written by bakery demo; a later demo clears this folder\n");
        return abs;
    }

    /**
     * The demo's configuration: the operator's, except that the first client with a pull section pulls
     * plaintext from a folder under the demo's data folder every few seconds.
     */
    static BakeryConfig withPullFolder(final BakeryConfig config, final Path pullRoot) {
        final List<ClientConfig> clients = new ArrayList<>();
        boolean taken = false;
        for (final ClientConfig c : config.clients()) {
            if (!taken && c.pull() != null) {
                taken = true;
                final PullConfig pull = new PullConfig(DestinationConfig.folder(pullRoot.resolve(c.id()).toString()),
                        "every 5s", "*.csv", PullConfig.Content.PLAINTEXT, null, "replace-all", null, null);
                clients.add(new ClientConfig(c.id(), c.dmp(), c.partners(), c.timeZone(), c.phoneCountry(),
                        c.callbackUrl(), c.cookieBounce(), c.apiKeys(), c.export(), pull));
            } else {
                clients.add(c);
            }
        }
        return new BakeryConfig(config.cookie(), config.consent(), clients, config.adminKeys(), config.cors(),
                config.rateLimit());
    }

    private void pull(final BakeryConfig config, final Path folder, final World.ClientWorld client)
            throws IOException, InterruptedException {
        Files.createDirectories(folder);
        final Path staged = folder.resolve(".crm.csv.part");
        Files.copy(client.crmPlain(), staged);
        Files.move(staged, folder.resolve("crm.csv"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        final Path report = folder.resolve("crm.csv.report.json");
        final Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.exists(report)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the pull of " + folder + " wrote no report within 2 minutes");
            }
            Thread.sleep(250);
        }
        progress("CRM of %-9s pulled from %s as plaintext, hashed on read (%d rows)", client.clientId(), folder,
                client.crmRows());
    }

    private void post(final String path, final String key, final String contentType, final Path body)
            throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gatewayBase() + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType + "; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofFile(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String gatewayBaseUrl;

    private String gatewayBase() {
        return gatewayBaseUrl;
    }

    // --- waiting -----------------------------------------------------------------------------------------------

    /** Waits until the topology's committed offsets reach the end of every partition it reads, three checks in a row. */
    private void awaitTopologyCaughtUp(final String bootstrap) throws InterruptedException {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        final Instant deadline = Instant.now().plus(PROCESSING_TIMEOUT);
        try (Admin admin = Admin.create(props)) {
            int quiet = 0;
            long lastLag = -1;
            while (quiet < 3) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the topology did not catch up within " + PROCESSING_TIMEOUT);
                }
                Thread.sleep(1_000);
                final long lag = lag(admin);
                quiet = lag == 0 ? quiet + 1 : 0;
                if (lag != lastLag && lag > 0) {
                    progress("topology lag: %d records", lag);
                }
                lastLag = lag;
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("could not read the topology's offsets: " + e.getCause().getMessage(), e);
        }
    }

    private static long lag(final Admin admin) throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                TopologySettings.DEFAULT_APPLICATION_ID).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (final String topic : List.of(Topics.SYNC_EVENTS.name(), Topics.IDENTITY_LINKS.name(),
                Topics.CRM_RECORDS.name(), Topics.MATCHES.name())) {
            for (int p = 0; p < Topics.DEFAULT_PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            final OffsetAndMetadata at = committed.get(end.getKey());
            final long position = at == null ? 0 : at.offset();
            // Under exactly-once a partition ends with a commit marker the committed offset may stop before.
            lag += Math.max(0, end.getValue().offset() - position - (at == null ? 0 : 1));
        }
        return lag;
    }

    private Map<String, ExportDelivery> awaitDeliveries(final String bootstrap, final Map<String, LocalDate> days) {
        final Map<String, ExportDelivery> delivered = new HashMap<>();
        readUntil(bootstrap, Topics.EXPORT_LEDGER.name(), Topics.EXPORT_LEDGER.keySerde().deserializer(),
                Topics.EXPORT_LEDGER.valueSerde().deserializer(), EXPORT_TIMEOUT, (key, value) -> {
                    final LocalDate day = days.get(key.getClientId());
                    if (value != null && value.getState() == DeliveryState.DELIVERED && day != null
                            && LocalDate.parse(key.getDay()).equals(day)) {
                        if (!delivered.containsKey(key.getClientId())) {
                            progress("delta file of %-9s delivered (%d rows)", key.getClientId(), value.getRowCount());
                        }
                        delivered.put(key.getClientId(), value);
                    }
                    return delivered.size() == days.size();
                }, "delta files for " + days.keySet());
        return delivered;
    }

    /**
     * The client statistics as they stand once processing is over. Every task publishes its share of a client's
     * funnel each {@link #STATS_INTERVAL}, and each arriving share re-emits the sum over the latest share of every
     * task, so a sum stamped just after processing may still add up other tasks' older shares. A sum stamped two
     * intervals after processing finished comes after every task published at least one share that saw all
     * input; the last sum read from then on is the final funnel.
     */
    private Map<String, ClientStats> awaitStats(final String bootstrap, final Instant processed,
            final java.util.Set<String> clients) {
        final Instant settled = processed.plus(STATS_INTERVAL.multipliedBy(2));
        final Map<String, ClientStats> latest = new HashMap<>();
        final java.util.Set<String> fresh = new java.util.HashSet<>();
        progress("waiting for the client statistics published after processing (every %ds)",
                STATS_INTERVAL.toSeconds());
        try {
            readUntil(bootstrap, Topics.CLIENT_STATS.name(), Topics.CLIENT_STATS.keySerde().deserializer(),
                    Topics.CLIENT_STATS.valueSerde().deserializer(), STATS_TIMEOUT, (key, value) -> {
                        if (value != null) {
                            latest.put(key, value);
                            if (!value.getUpdatedAt().isBefore(settled)) {
                                fresh.add(key);
                            }
                        }
                        return fresh.containsAll(clients);
                    }, "client statistics");
        } catch (final IllegalStateException e) {
            progress("some client statistics are older than the end of processing; showing the latest");
        }
        return latest;
    }

    private interface Visitor<K, V> {
        boolean visit(K key, V value);
    }

    private static <K, V> void readUntil(final String bootstrap, final String topic, final Deserializer<K> keys,
            final Deserializer<V> values, final Duration timeout, final Visitor<K, V> visitor, final String what) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (final ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(500))) {
                    if (visitor.visit(record.key(), record.value())) {
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("no " + what + " within " + timeout);
    }

    private static String sha256(final Path file) throws IOException {
        final MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest.digest());
    }
}
