package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.auth.TestApiKeys;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statuses decided before anything reaches Kafka; the broker address is unreachable on purpose. */
class CrmUploadStatusTest {

    @TempDir
    Path dataDir;

    private CrmRoutes routes;
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        routes = new CrmRoutes(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()), "127.0.0.1:1",
                dataDir, UploadSettings.defaults().withMaxBodyBytes(100), Clock.systemUTC());
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            routes.register(config);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        routes.close();
    }

    @Test
    void shouldAnswer401WhenNoKeyIsSent() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads", null, "text/csv", "record_id\n").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAnswer401WhenTheKeyIsUnknown() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads", "wrong", "text/csv", "record_id\n").statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldAnswer403WhenAnotherClientsKeyIsUsed() throws Exception {
        assertThat(post("/api/v1/clients/globex/uploads", "acme-key", "text/csv", "record_id\n").statusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldAnswer403WhenTheKeyLacksTheUploadScope() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads", "acme-read-key", "text/csv", "record_id\n").statusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldAnswer403WhenAClientKeyPostsIdentityLinks() throws Exception {
        assertThat(post("/api/v1/identity-links", "acme-key", "application/x-ndjson", "{}\n").statusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldAnswer415WhenTheContentTypeIsUnknown() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads", "acme-key", "application/json", "{}").statusCode())
                .isEqualTo(415);
    }

    @Test
    void shouldAnswer415WhenTheCharsetIsNotUtf8() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads", "acme-key", "text/csv; charset=utf-16", "x").statusCode())
                .isEqualTo(415);
    }

    @Test
    void shouldAnswer413WhenTheDeclaredLengthIsOverTheLimit() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads", "acme-key", "text/csv", "x".repeat(101)).statusCode())
                .isEqualTo(413);
    }

    @Test
    void shouldAnswer400WhenTheModeIsUnknown() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads?mode=merge", "acme-key", "text/csv", "x").statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenEarlierReportsAreNotLoadedYetAndAKeyIsSent() throws Exception {
        // The broker is unreachable, so the report store never catches up: it cannot tell whether the key is new.
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/api/v1/clients/acme/uploads"))
                .header("Authorization", "Bearer acme-key").header("Content-Type", "text/csv")
                .header(UploadRunner.IDEMPOTENCY_KEY, "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("record_id\n")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void shouldAnswer400WhenTheIdempotencyKeyIsLongerThan255Characters() throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/api/v1/clients/acme/uploads"))
                .header("Authorization", "Bearer acme-key").header("Content-Type", "text/csv")
                .header(UploadRunner.IDEMPOTENCY_KEY, "k".repeat(256))
                .POST(HttpRequest.BodyPublishers.ofString("record_id\n")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer404WhenTheUploadIdIsUnknown() throws Exception {
        assertThat(get("/api/v1/clients/acme/uploads/no-such-upload", "acme-read-key").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer404WhenTheIntakeUploadIdIsUnknown() throws Exception {
        assertThat(get("/api/v1/identity-links/uploads/no-such-upload", "ops-key").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer403WhenAnotherClientsKeyAsksForAReport() throws Exception {
        assertThat(get("/api/v1/clients/globex/uploads/no-such-upload", "acme-read-key").statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> get(final String path, final String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String path, final String key, final String type, final String body)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
