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
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.Sha256;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Upload sessions on a real broker: parts, completion, one replace-all generation across parts. */
@Timeout(180)
class UploadSessionsIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    static Path dataDir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CrmRoutes routes;
    private static Javalin app;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(Topics.ALL);
        routes = new CrmRoutes(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()), KAFKA.bootstrapServers(),
                dataDir, UploadSettings.defaults(), Clock.systemUTC());
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            routes.register(config);
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        routes.close();
    }

    @Test
    void shouldMakeEveryPartAMemberOfOneGenerationCompletedOnEveryPartitionWhenAReplaceAllSessionCompletes()
            throws Exception {
        final String session = createSession("acme");
        assertThat(part("acme", "replace-all", session, 0, "ra-", 0, 3).statusCode()).isEqualTo(200);
        assertThat(part("acme", "replace-all", session, 1, "ra-", 3, 2).statusCode()).isEqualTo(200);
        assertThat(markers(session)).isEmpty();

        final HttpResponse<String> completed = complete("acme", "replace-all", session, 2);

        assertThat(completed.statusCode()).isEqualTo(200);
        final JsonNode report = JSON.readTree(completed.body());
        assertThat(report.get("accepted").asLong()).isEqualTo(5);
        assertThat(report.get("parts").asInt()).isEqualTo(2);
        assertThat(report.get("identifiersByType").get("email_sha256").asLong()).isEqualTo(5);
        final List<ConsumerRecord<ClientRecordKey, CrmRecord>> markers = markers(session);
        assertThat(markers).hasSize(Topics.DEFAULT_PARTITIONS);
        assertThat(markers.stream().map(ConsumerRecord::partition).distinct()).hasSize(Topics.DEFAULT_PARTITIONS);
        assertThat(markers).allSatisfy(m -> assertThat(m.value().getGeneration().getRecordCount()).isEqualTo(5));
        final List<ConsumerRecord<ClientRecordKey, CrmRecord>> members = KAFKA.client().readAllSettled(Topics.CRM_RECORDS)
                .stream().filter(r -> r.key().getRecordId().startsWith("ra-")).toList();
        assertThat(members).hasSize(5).allSatisfy(m -> {
            assertThat(m.value().getGeneration().getId()).isEqualTo(session);
            assertThat(m.value().getGeneration().getMarker()).isEqualTo(GenerationMarker.MEMBER);
        });
    }

    @Test
    void shouldAnswer409NamingTheMissingPartWhenASessionIsCompletedBeforeAllPartsAreIn() throws Exception {
        final String session = createSession("globex");
        assertThat(part("globex", "add", session, 0, "gap-", 0, 2).statusCode()).isEqualTo(200);
        assertThat(part("globex", "add", session, 2, "gap-", 4, 2).statusCode()).isEqualTo(200);

        final HttpResponse<String> early = complete("globex", "add", session, 3);

        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(early.body()).get("missingParts").toString()).isEqualTo("[1]");
    }

    @Test
    void shouldReplayTheReportAndWriteNoMoreMarkersWhenASessionIsCompletedTwice() throws Exception {
        final String session = createSession("acme");
        assertThat(part("acme", "replace-all", session, 0, "twice-", 0, 2).statusCode()).isEqualTo(200);
        final HttpResponse<String> first = complete("acme", "replace-all", session, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> markers(session).size() == Topics.DEFAULT_PARTITIONS);

        final HttpResponse<String> again = complete("acme", "replace-all", session, 1);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue(UploadRunner.REPLAYED)).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(markers(session)).hasSize(Topics.DEFAULT_PARTITIONS);
    }

    private static String createSession(final String client) throws Exception {
        final HttpResponse<String> created = send("POST", "/api/v1/clients/" + client + "/upload-sessions",
                client + "-key", null, "");
        assertThat(created.statusCode()).isEqualTo(201);
        return JSON.readTree(created.body()).get("sessionId").asText();
    }

    private static HttpResponse<String> part(final String client, final String mode, final String session,
                                             final int part, final String prefix, final int from, final int rows)
            throws Exception {
        final StringBuilder csv = new StringBuilder("record_id,email_sha256\n");
        for (int i = from; i < from + rows; i++) {
            csv.append(prefix).append(i).append(',').append(Sha256.hex(prefix + i + "@example.com")).append('\n');
        }
        // 503 until the gateway has read the earlier reports (needed to honour an Idempotency-Key).
        return await().atMost(Duration.ofSeconds(30)).until(() -> send("POST", "/api/v1/clients/" + client
                + "/uploads?mode=" + mode + "&session=" + session + "&part=" + part, client + "-key",
                session + "-part-" + part, csv.toString()), response -> response.statusCode() != 503);
    }

    private static HttpResponse<String> complete(final String client, final String mode, final String session,
                                                 final int parts) throws Exception {
        return send("POST", "/api/v1/clients/" + client + "/upload-sessions/" + session + "/complete?mode=" + mode
                + "&parts=" + parts, client + "-key", null, "");
    }

    private static List<ConsumerRecord<ClientRecordKey, CrmRecord>> markers(final String session) {
        return KAFKA.client().readAllSettled(Topics.CRM_RECORDS).stream()
                .filter(r -> r.value() != null && r.value().getGeneration() != null
                        && r.value().getGeneration().getMarker() == GenerationMarker.COMPLETE
                        && r.value().getGeneration().getId().equals(session))
                .toList();
    }

    private static HttpResponse<String> send(final String method, final String path, final String key,
                                             final String idempotencyKey, final String body) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "text/csv")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header(UploadRunner.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
