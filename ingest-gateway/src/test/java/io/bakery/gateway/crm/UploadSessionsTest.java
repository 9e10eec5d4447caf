package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Upload sessions' answers decided before anything reaches Kafka; the broker address is unreachable on purpose. */
class UploadSessionsTest {

    @TempDir
    Path dataDir;

    private CrmRoutes routes;
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        routes = new CrmRoutes(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()), "127.0.0.1:1",
                dataDir, UploadSettings.defaults(), Clock.systemUTC());
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
    void shouldAnswer201WithANewSessionIdWhenAnUploadKeyCreatesASession() throws Exception {
        final HttpResponse<String> created = post("/api/v1/clients/acme/upload-sessions", "acme-key", "");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new ObjectMapper().readTree(created.body()).get("sessionId").asText()).hasSize(36);
    }

    @Test
    void shouldAnswer403WhenAReadOnlyKeyCreatesASession() throws Exception {
        assertThat(post("/api/v1/clients/acme/upload-sessions", "acme-read-key", "").statusCode()).isEqualTo(403);
    }

    @Test
    void shouldAnswer400WhenAPartNamesNoSession() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads?mode=add&part=0", "acme-key", "record_id,email_sha256\n")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer400WhenTheSessionIdIsMalformed() throws Exception {
        assertThat(post("/api/v1/clients/acme/uploads?mode=add&session=a/b&part=0", "acme-key",
                "record_id,email_sha256\n").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer400WhenASessionIsCompletedWithNoParts() throws Exception {
        assertThat(post("/api/v1/clients/acme/upload-sessions/0123456789abcdef/complete?mode=add&parts=0",
                "acme-key", "").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(final String path, final String key, final String body) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
