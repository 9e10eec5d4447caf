package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.gateway.auth.TestApiKeys;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.Sha256;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class CrmUploadApiIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    static Path dataDir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A second gateway instance (its own data folder): a body limit small enough to cross mid-stream, one upload
     * at a time, and a short wait for it. */
    private static final long SMALL_LIMIT = 64 * 1024;
    private static CrmRoutes routes;
    private static Javalin app;
    private static CrmRoutes limitedRoutes;
    private static Javalin limitedApp;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(Topics.ALL);
        routes = new CrmRoutes(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()), KAFKA.bootstrapServers(),
                dataDir, UploadSettings.defaults(), Clock.systemUTC());
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            routes.register(config);
        }).start("127.0.0.1", 0);
        limitedRoutes = new CrmRoutes(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()), KAFKA.bootstrapServers(),
                dataDir.resolve("limited"), new UploadSettings(SMALL_LIMIT, 8192, 128, 1, Duration.ofMinutes(1),
                        Duration.ofSeconds(1)), Clock.systemUTC());
        limitedApp = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            limitedRoutes.register(config);
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        limitedApp.stop();
        limitedRoutes.close();
        app.stop();
        routes.close();
    }

    @Test
    void shouldLandEveryRowExactlyOnceWhenA100kRowUploadIsAcknowledged() throws Exception {
        final String csv = csv("big-", 100_000);

        final HttpResponse<String> response = upload("acme", "add", csv.getBytes(StandardCharsets.UTF_8), false, null);

        assertThat(response.statusCode()).isEqualTo(200);
        final JsonNode report = JSON.readTree(response.body());
        assertThat(report.get("accepted").asLong()).isEqualTo(100_000);
        assertThat(report.get("bodySha256").asText()).isEqualTo(Sha256.hex(csv));
        final List<ConsumerRecord<ClientRecordKey, CrmRecord>> landed = recordsOf(report.get("uploadId").asText());
        assertThat(landed).hasSize(100_000);
        assertThat(landed.stream().map(r -> r.key().getRecordId()).collect(Collectors.toSet())).hasSize(100_000);
    }

    @Test
    void shouldAddNothingWhenAnUploadIsRetriedWithTheSameIdempotencyKey() throws Exception {
        final byte[] body = csv("retry-", 50).getBytes(StandardCharsets.UTF_8);
        final HttpResponse<String> first = await().atMost(Duration.ofSeconds(30))
                .until(() -> upload("globex", "add", body, false, "key-1"), r -> r.statusCode() != 503);
        final int before = KAFKA.client().readAllSettled(Topics.CRM_RECORDS).size();

        final HttpResponse<String> retry = upload("globex", "add", body, false, "key-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue(UploadRunner.REPLAYED)).hasValue("true");
        assertThat(JSON.readTree(retry.body()).get("uploadId")).isEqualTo(JSON.readTree(first.body()).get("uploadId"));
        assertThat(KAFKA.client().readAllSettled(Topics.CRM_RECORDS)).hasSize(before);
    }

    @Test
    void shouldProduceTheSameRecordsWhenTheBodyIsGzipped() throws Exception {
        final byte[] plain = csv("twin-", 500).getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(plain);
        }

        final JsonNode plainReport = JSON.readTree(upload("acme", "add", plain, false, null).body());
        final JsonNode gzipReport = JSON.readTree(upload("acme", "add", gzipped.toByteArray(), true, null).body());

        assertThat(gzipReport.get("accepted").asLong()).isEqualTo(500);
        assertThat(gzipReport.get("decodedBytes")).isEqualTo(plainReport.get("bodyBytes"));
        assertThat(contents(recordsOf(gzipReport.get("uploadId").asText())))
                .isEqualTo(contents(recordsOf(plainReport.get("uploadId").asText())));
    }

    @Test
    void shouldProduceNothingWhenAClientKeyUploadsForAnotherClient() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/clients/globex/uploads"))
                .header("Authorization", "Bearer acme-key").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv("cross-", 10))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(KAFKA.client().readAllSettled(Topics.CRM_RECORDS))
                .noneMatch(r -> r.key().getRecordId().startsWith("cross-"));
    }

    @Test
    void shouldAnswer400WithAReportAndProduceNothingWhenTheHeaderIsUnusable() throws Exception {
        final String body = "record_id,email\nbad-1,someone@example.com\n";

        final HttpResponse<String> response = upload("acme", "add", body.getBytes(StandardCharsets.UTF_8), false, null);

        assertThat(response.statusCode()).isEqualTo(400);
        final JsonNode report = JSON.readTree(response.body());
        assertThat(report.get("status").asText()).isEqualTo("rejected");
        assertThat(report.get("error").asText()).contains("unknown column 'email'");
        assertThat(KAFKA.client().readAllSettled(Topics.CRM_RECORDS)).noneMatch(r -> r.key().getRecordId().startsWith("bad-"));
    }

    @Test
    void shouldReportEveryRejectedRowByReasonAndProduceOnlyValidRowsWhenRowsAreBad() throws Exception {
        final String hash = Sha256.hex("x");
        final String body = "record_id,email_sha256\nmix-1," + hash + "\n," + hash + "\nmix-2,zz\nmix-3,\nmix-1,"
                + hash + "\nmix-4," + Sha256.OF_EMPTY + "\n";

        final JsonNode report = JSON.readTree(upload("acme", "add", body.getBytes(StandardCharsets.UTF_8), false,
                null).body());

        assertThat(report.get("accepted").asLong()).isEqualTo(1);
        assertThat(report.get("rejectedByReason").get("MISSING_RECORD_ID").get("rows").get(0).asLong()).isEqualTo(3);
        assertThat(report.get("rejectedByReason").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "MISSING_RECORD_ID", "BAD_HASH", "NO_IDENTIFIER", "DUPLICATE_RECORD_ID", "HASH_OF_EMPTY_VALUE");
        assertThat(recordsOf(report.get("uploadId").asText())).singleElement()
                .satisfies(r -> assertThat(r.key().getRecordId()).isEqualTo("mix-1"));
    }

    @Test
    void shouldWriteACompleteMarkerToEveryPartitionAfterTheMembersWhenReplacingAll() throws Exception {
        final JsonNode report = JSON.readTree(upload("globex", "replace-all",
                csv("gen-", 40).getBytes(StandardCharsets.UTF_8), false, null).body());
        final String uploadId = report.get("uploadId").asText();

        final List<ConsumerRecord<ClientRecordKey, CrmRecord>> generation = recordsOf(uploadId);

        final List<ConsumerRecord<ClientRecordKey, CrmRecord>> markers = generation.stream()
                .filter(r -> r.value().getGeneration().getMarker() == GenerationMarker.COMPLETE).toList();
        assertThat(markers).hasSize(Topics.CRM_RECORDS.partitions());
        assertThat(markers).extracting(ConsumerRecord::partition).doesNotHaveDuplicates();
        assertThat(markers).allSatisfy(m -> assertThat(m.value().getGeneration().getRecordCount()).isEqualTo(40));
        assertThat(generation).filteredOn(r -> r.value().getGeneration().getMarker() == GenerationMarker.MEMBER)
                .hasSize(40);
        for (final ConsumerRecord<ClientRecordKey, CrmRecord> marker : markers) {
            assertThat(generation).filteredOn(r -> r.partition() == marker.partition()
                    && r.value().getGeneration().getMarker() == GenerationMarker.MEMBER)
                    .allMatch(member -> member.offset() < marker.offset());
        }
    }

    @Test
    void shouldProduceTombstonesWhenRemoving() throws Exception {
        final JsonNode report = JSON.readTree(upload("acme", "remove",
                "record_id\ngone-1\ngone-2\n".getBytes(StandardCharsets.UTF_8), false, null).body());

        assertThat(report.get("accepted").asLong()).isEqualTo(2);
        assertThat(KAFKA.client().readAllSettled(Topics.CRM_RECORDS))
                .filteredOn(r -> r.key().getRecordId().startsWith("gone-")).hasSize(2)
                .allMatch(r -> r.value() == null);
    }

    @Test
    void shouldProduceValidLinksAndReportTheRestWhenIntakingIdentityLinks() throws Exception {
        final String hash = Sha256.hex("intake");
        final String body = String.join("\n",
                "{\"bakery_id\":\"b-1\",\"type\":\"email_sha256\",\"hash\":\"" + hash + "\",\"op\":\"add\"}",
                "{\"bakery_id\":\"b-2\",\"type\":\"email\",\"hash\":\"" + hash + "\",\"op\":\"add\"}",
                "{\"bakery_id\":\"b-3\",\"type\":\"phone_sha256\",\"hash\":\"" + hash + "\",\"op\":\"merge\"}",
                "{\"bakery_id\":\"b 4\",\"type\":\"phone_sha256\",\"hash\":\"" + hash + "\",\"op\":\"add\"}",
                "not json") + "\n";

        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/identity-links"))
                .header("Authorization", "Bearer ops-key").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        final JsonNode report = JSON.readTree(response.body());
        assertThat(report.get("accepted").asLong()).isEqualTo(1);
        assertThat(report.get("rejectedByReason").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("UNKNOWN_TYPE", "BAD_OP", "BAD_BAKERY_ID", "BAD_JSON");
        final List<ConsumerRecord<io.bakery.schemas.avro.IdentifierKey, IdentityLink>> links =
                KAFKA.client().readAllSettled(Topics.IDENTITY_LINKS);
        assertThat(links).filteredOn(link -> link.key().getHash().equals(hash)).singleElement().satisfies(link -> {
            assertThat(link.value().getBakeryId()).isEqualTo("b-1");
            assertThat(link.key().getHash()).isEqualTo(hash);
            assertThat(link.value().getSource()).isEqualTo("intake");
        });
    }

    @Test
    void shouldReturnTheReportWhenItIsFetchedByUploadId() throws Exception {
        final JsonNode report = JSON.readTree(upload("acme", "add",
                csv("fetch-", 3).getBytes(StandardCharsets.UTF_8), false, null).body());

        final HttpResponse<String> fetched = HTTP.send(HttpRequest.newBuilder(
                        uri("/api/v1/clients/acme/uploads/" + report.get("uploadId").asText()))
                .header("Authorization", "Bearer acme-read-key").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fetched.body())).isEqualTo(report);
    }

    @Test
    void shouldAnswer413AndProduceNothingWhenABodyWithoutLengthCrossesTheLimitMidStream() throws Exception {
        final byte[] body = csv("chunked-", 2_000).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan((int) SMALL_LIMIT * 2);

        // ofInputStream has no known length: the request is sent chunked, without Content-Length.
        final HttpResponse<String> response = HTTP.send(uploadRequest(limitedApp, "acme", null)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("rejected");
        assertThat(KAFKA.client().readAllSettled(Topics.CRM_RECORDS))
                .noneMatch(r -> r.key().getRecordId().startsWith("chunked-"));
    }

    @Test
    void shouldAnswer413AndProduceNothingWhenASmallGzipBodyInflatesPastTheLimit() throws Exception {
        // One row repeated: it compresses about a thousandfold, like a crafted bomb.
        final byte[] plain = ("record_id,email_sha256\n" + ("bomb-1," + Sha256.hex("bomb") + "\n").repeat(20_000))
                .getBytes(StandardCharsets.UTF_8);
        final byte[] gzipped = gzip(plain);
        assertThat(gzipped.length).isLessThan((int) SMALL_LIMIT);
        assertThat(plain.length).isGreaterThan((int) SMALL_LIMIT);

        final HttpResponse<String> response = HTTP.send(uploadRequest(limitedApp, "acme", null)
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(KAFKA.client().readAllSettled(Topics.CRM_RECORDS)).noneMatch(r -> r.key().getRecordId().startsWith("bomb-"));
    }

    @Test
    void shouldAnswer409WhenAnUploadWithTheSameIdempotencyKeyIsRunning() throws Exception {
        awaitReportsLoaded();
        final byte[] rows = csv("inflight-", 5).getBytes(StandardCharsets.UTF_8);
        // Two uploads with one key whose bodies stay open: whichever claims the key first is still running when
        // the other arrives, so exactly one is refused, at once. Raw sockets, because an HTTP client reads no
        // answer before it has sent the whole body.
        try (StalledUpload first = StalledUpload.start(app.port(), "/api/v1/clients/globex/uploads?mode=add",
                     "globex-key", "same-key", rows);
             StalledUpload second = StalledUpload.start(app.port(), "/api/v1/clients/globex/uploads?mode=add",
                     "globex-key", "same-key", rows)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> first.answered() || second.answered());
            final StalledUpload refused = first.answered() ? first : second;
            final StalledUpload running = refused == first ? second : first;

            final int refusedStatus = refused.status();
            running.finish();

            assertThat(refusedStatus).isEqualTo(409);
            assertThat(running.status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenEveryUploadSlotIsTaken() throws Exception {
        final byte[] rows = csv("slot-", 5).getBytes(StandardCharsets.UTF_8);
        // The limited gateway runs one upload at a time: of two open uploads, the one without the slot gives up
        // after its wait.
        try (StalledUpload first = StalledUpload.start(limitedApp.port(), "/api/v1/clients/acme/uploads?mode=add",
                     "acme-key", null, rows);
             StalledUpload second = StalledUpload.start(limitedApp.port(), "/api/v1/clients/acme/uploads?mode=add",
                     "acme-key", null, rows)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> first.answered() || second.answered());
            final StalledUpload refused = first.answered() ? first : second;
            final StalledUpload running = refused == first ? second : first;

            final String refusedHead = refused.head();
            running.finish();

            assertThat(refusedHead).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After:");
            assertThat(running.status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerTheEarlierReportAndStoreNothingWhenAnotherGatewayCommitsTheSameKeyMeanwhile() throws Exception {
        awaitReportsLoaded();
        final String key = "raced-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.send(uploadRequest(limitedApp, "acme",
                        UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(csv("warm-up-", 1)))
                        .build(), HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() != 503);
        try (StalledUpload slow = StalledUpload.start(limitedApp.port(), "/api/v1/clients/acme/uploads?mode=add",
                "acme-key", key, csv("raced-slow-", 5).getBytes(StandardCharsets.UTF_8))) {
            // The other gateway takes the same key and commits first.
            final HttpResponse<String> first = upload("acme", "add",
                    csv("raced-fast-", 5).getBytes(StandardCharsets.UTF_8), false, key);
            assertThat(first.statusCode()).isEqualTo(200);
            // The slow gateway's report store learns of it (until then the running upload's claim answers 409).
            await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.send(uploadRequest(limitedApp, "acme", key)
                            .POST(HttpRequest.BodyPublishers.ofString(csv("raced-probe-", 1))).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().firstValue(UploadRunner.REPLAYED).isPresent());

            slow.finish();

            assertThat(slow.head()).startsWith("HTTP/1.1 200")
                    .containsIgnoringCase(UploadRunner.REPLAYED + ": true");
        }
        final List<String> ids = KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .map(r -> r.key().getRecordId()).filter(id -> id.startsWith("raced-")).toList();
        assertThat(ids).hasSize(5).allMatch(id -> id.startsWith("raced-fast-"));
    }

    /** An upload sent over a raw socket with a chunked body that stays open until {@link #finish()}. */
    private static final class StalledUpload implements AutoCloseable {
        private final Socket socket;

        private StalledUpload(final Socket socket) {
            this.socket = socket;
        }

        static StalledUpload start(final int port, final String path, final String key, final String idempotencyKey,
                                   final byte[] firstChunk) throws IOException {
            final Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: text/csv\r\n"
                    + (idempotencyKey == null ? "" : UploadRunner.IDEMPOTENCY_KEY + ": " + idempotencyKey + "\r\n")
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(firstChunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(firstChunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new StalledUpload(socket);
        }

        boolean answered() throws IOException {
            return socket.getInputStream().available() > 0;
        }

        /** Ends the body. */
        void finish() throws IOException {
            socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        /** The status code of the answer (waits for it). */
        int status() throws IOException {
            return Integer.parseInt(head().split(" ")[1]);
        }

        /** The status line and headers of the answer (waits for them). */
        String head() throws IOException {
            final StringBuilder head = new StringBuilder();
            final InputStream in = socket.getInputStream();
            for (int c = in.read(); c >= 0 && !(c == '\n' && head.toString().endsWith("\r\n\r")); c = in.read()) {
                head.append((char) c);
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void shouldAddNoLinksWhenAnIntakeIsRetriedWithTheSameIdempotencyKey() throws Exception {
        awaitReportsLoaded();
        final String hash = Sha256.hex("intake-retry");
        final String body = "{\"bakery_id\":\"b-9\",\"type\":\"email_sha256\",\"hash\":\"" + hash
                + "\",\"op\":\"add\"}\n";
        final HttpResponse<String> first = intake(body, "intake-key");
        final long before = KAFKA.client().readAllSettled(Topics.IDENTITY_LINKS).size();

        final HttpResponse<String> retry = intake(body, "intake-key");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue(UploadRunner.REPLAYED)).hasValue("true");
        assertThat(JSON.readTree(retry.body()).get("uploadId")).isEqualTo(JSON.readTree(first.body()).get("uploadId"));
        assertThat(KAFKA.client().readAllSettled(Topics.IDENTITY_LINKS)).hasSize((int) before)
                .filteredOn(link -> link.key().getHash().equals(hash)).hasSize(1);
    }

    /** Waits until the report store has replayed the audit topic, before which a key is answered 503. */
    private static void awaitReportsLoaded() {
        await().atMost(Duration.ofSeconds(30)).until(() -> upload("acme", "add",
                csv("warm-up-", 1).getBytes(StandardCharsets.UTF_8), false, UUID.randomUUID().toString()),
                r -> r.statusCode() != 503);
    }

    private static HttpResponse<String> intake(final String body, final String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/identity-links"))
                .header("Authorization", "Bearer ops-key").header("Content-Type", "application/x-ndjson")
                .header(UploadRunner.IDEMPOTENCY_KEY, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder uploadRequest(final Javalin target, final String client, final String key) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port()
                        + "/api/v1/clients/" + client + "/uploads?mode=add"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + client + "-key").header("Content-Type", "text/csv");
        return key == null ? request : request.header(UploadRunner.IDEMPOTENCY_KEY, key);
    }

    private static byte[] gzip(final byte[] plain) throws IOException {
        final ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(plain);
        }
        return gzipped.toByteArray();
    }

    private static Set<String> contents(final List<ConsumerRecord<ClientRecordKey, CrmRecord>> records) {
        return records.stream().map(r -> r.key().getRecordId() + "=" + r.value().getIdentifiers())
                .collect(Collectors.toSet());
    }

    private static List<ConsumerRecord<ClientRecordKey, CrmRecord>> recordsOf(final String uploadId) {
        return KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .filter(r -> r.value() != null && r.value().getUploadId().equals(uploadId)).toList();
    }

    private static String csv(final String prefix, final int rows) {
        final StringBuilder csv = new StringBuilder("record_id,email_sha256,phone_sha256\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix).append(i).append(',').append(Sha256.hex(prefix + i + "@example.com")).append(',')
                    .append(i % 2 == 0 ? Sha256.hex("3161234" + i) : "").append('\n');
        }
        return csv.toString();
    }

    private static HttpResponse<String> upload(final String client, final String mode, final byte[] body,
                                               final boolean gzip, final String idempotencyKey) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        uri("/api/v1/clients/" + client + "/uploads?mode=" + mode))
                .header("Authorization", "Bearer " + client + "-key")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        if (idempotencyKey != null) {
            request.header(UploadRunner.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }
}
