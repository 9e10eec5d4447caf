package io.bakery.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class GatewayReadinessIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    Path dataDir;

    @Test
    void shouldBeReadyWhenKafkaIsReachable() throws Exception {
        final GatewaySettings settings = new GatewaySettings(
                "127.0.0.1", 0, KAFKA.bootstrapServers(), dataDir, BakeryConfig.parse("clients: []", Map.of()));
        try (GatewayApp app = GatewayApp.start(settings)) {
            final HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("reachable");
        }
    }
}
