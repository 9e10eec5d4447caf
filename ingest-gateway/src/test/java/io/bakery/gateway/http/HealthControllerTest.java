package io.bakery.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.schemas.config.BakeryConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthControllerTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldAnswerLiveAndDegradedWhenKafkaIsUnreachable() throws Exception {
        // Port 1 on loopback: nothing listens there, so the admin client can never connect.
        final GatewaySettings settings = new GatewaySettings(
                "127.0.0.1", 0, "127.0.0.1:1", dataDir, BakeryConfig.parse("clients: []", Map.of()));
        try (GatewayApp app = GatewayApp.start(settings)) {
            final HttpClient http = HttpClient.newHttpClient();

            final HttpResponse<String> health = get(http, app.port(), "/healthz");
            final HttpResponse<String> ready = get(http, app.port(), "/readyz");

            assertThat(health.statusCode()).isEqualTo(200);
            // 200 on purpose: the disk spool keeps the 2xx promise, so balancers keep sending.
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"degraded\"").contains("unreachable");
        }
    }

    static HttpResponse<String> get(final HttpClient http, final int port, final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
