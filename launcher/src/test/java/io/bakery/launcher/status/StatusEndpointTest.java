package io.bakery.launcher.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private StatusEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = StatusEndpoint.start("127.0.0.1", 0, () -> "# TYPE up gauge\nup 1.0\n", healthy::get);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void shouldServeTheExpositionInPrometheusTextFormatWhenMetricsAreScraped() throws Exception {
        final HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body()).isEqualTo("# TYPE up gauge\nup 1.0\n");
    }

    @Test
    void shouldAnswer200WhenTheComponentIsHealthy() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503WhenTheComponentStopped() throws Exception {
        healthy.set(false);

        assertThat(get("/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldAnswer404WhenThePathOnlyStartsWithAKnownOne() throws Exception {
        assertThat(get("/metricsx").statusCode()).isEqualTo(404);
        assertThat(get("/healthz/deep").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer405WhenTheMethodIsNotGet() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }
}
