package io.bakery.gateway.security;

import static io.bakery.gateway.security.SecurityFixtures.ACME_KEY;
import static io.bakery.gateway.security.SecurityFixtures.ACME_READ_KEY;
import static io.bakery.gateway.security.SecurityFixtures.ACME_UPLOAD_KEY;
import static io.bakery.gateway.security.SecurityFixtures.GLOBEX_KEY;
import static io.bakery.gateway.security.SecurityFixtures.OPS_READ_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.gateway.GatewayApp;
import io.bakery.gateway.GatewaySettings;
import io.bakery.schemas.Topics;
import io.bakery.schemas.normalize.Sha256;
import io.bakery.testsupport.EmbeddedKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway on a real broker, as an attacker meets it. The authorization matrix: every API route called with
 * no key, an unknown key, another client's key and a key without the route's scope is refused (401 or 403), the
 * answer holds nothing but the error, and no topic's end offset moves (no record, no aborted transaction, no
 * marker). The security headers on every kind of answer, and CORS admitting only the configured origin.
 */
@Timeout(180)
class GatewaySecurityIT {

    @RegisterExtension
    static final EmbeddedKafkaCluster KAFKA = EmbeddedKafkaCluster.singleNode();

    @TempDir
    static Path dataDir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TEALIUM_ID = "0162974812345abcdef0123456789abcdef0123456789";
    private static final String HASH = Sha256.hex("someone@example.com");
    private static final String CSV = "record_id,email_sha256\nr-1," + HASH + "\n";
    private static final String NDJSON = "{\"bakery_id\":\"b-1\",\"type\":\"email_sha256\",\"hash\":\"" + HASH
            + "\",\"op\":\"add\"}\n";

    private static GatewayApp app;
    /** An upload that exists, so a report leaking past the check would show. */
    private static String acmeUploadId;

    /** Who calls: a key (null: no header) and the status the gateway must answer. */
    private record Credential(String name, String key, int status) {}

    /** A route and the credentials that must be refused on it. */
    private record Route(String method, String path, String contentType, String body, List<Credential> refused) {}

    @BeforeAll
    static void start() throws Exception {
        KAFKA.createTopics(Topics.ALL);
        app = GatewayApp.start(new GatewaySettings("127.0.0.1", 0, KAFKA.bootstrapServers(), dataDir,
                SecurityFixtures.CONFIG));
        final HttpResponse<String> upload = send("POST", "/api/v1/clients/acme/uploads?mode=add", "text/csv", CSV,
                ACME_KEY);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        acmeUploadId = JSON.readTree(upload.body()).get("uploadId").asText();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldRefuseEveryApiRouteAndWriteNothingWhenTheKeyIsMissingUnknownForeignOrLacksTheScope() throws Exception {
        final Map<TopicPartition, Long> before = TopicEndOffsets.of(KAFKA);
        final SoftAssertions softly = new SoftAssertions();
        int calls = 0;

        for (final Route route : routes()) {
            for (final Credential credential : route.refused()) {
                final HttpResponse<String> response = send(route.method(), route.path(), route.contentType(),
                        route.body(), credential.key());
                calls++;
                final String what = route.method() + " " + route.path() + " with " + credential.name();
                softly.assertThat(response.statusCode()).as(what).isEqualTo(credential.status());
                softly.assertThat(errorOnly(response.body())).as(what + " answers only an error: " + response.body())
                        .isTrue();
                softly.assertThat(response.body()).as(what + " leaks no upload id").doesNotContain(acmeUploadId);
            }
        }
        softly.assertAll();

        assertThat(calls).isGreaterThanOrEqualTo(40);
        assertThat(TopicEndOffsets.of(KAFKA)).as("end offsets of every topic").isEqualTo(before);
    }

    private static List<Route> routes() {
        final String acme = "/api/v1/clients/acme";
        final String session = "/upload-sessions/" + acmeUploadId;
        final List<Route> routes = new ArrayList<>();
        // Client routes needing the upload scope: acme-ro lacks it.
        final List<Credential> upload = clientCredentials(ACME_READ_KEY);
        routes.add(new Route("POST", acme + "/uploads?mode=add", "text/csv", CSV, upload));
        routes.add(new Route("POST", acme + "/uploads?mode=replace-all&session=" + acmeUploadId + "&part=1",
                "text/csv", CSV, upload));
        routes.add(new Route("POST", acme + "/upload-sessions", "application/json", "{}", upload));
        routes.add(new Route("POST", acme + session + "/complete?mode=add&parts=1", "application/json", "", upload));
        // Client routes needing the read scope: acme-up lacks it.
        final List<Credential> read = clientCredentials(ACME_UPLOAD_KEY);
        routes.add(new Route("GET", acme + "/uploads/" + acmeUploadId, null, null, read));
        routes.add(new Route("GET", acme + session, null, null, read));
        routes.add(new Route("GET", acme + "/funnel", null, null, read));
        routes.add(new Route("GET", acme + "/recent-uploads", null, null, read));
        routes.add(new Route("GET", acme + "/exports", null, null, read));
        // Operator routes needing the admin scope: a client's key and an operator key with read only.
        final List<Credential> admin = List.of(new Credential("no key", null, 401),
                new Credential("an unknown key", "not-a-key", 401),
                new Credential("a client's key", ACME_KEY, 403),
                new Credential("an operator key without admin", OPS_READ_KEY, 403));
        routes.add(new Route("POST", "/api/v1/identity-links", "application/x-ndjson", NDJSON, admin));
        routes.add(new Route("GET", "/api/v1/identity-links/uploads/" + acmeUploadId, null, null, admin));
        // Any valid key may ask who it is; nothing else may.
        routes.add(new Route("GET", "/api/v1/me", null, null, List.of(new Credential("no key", null, 401),
                new Credential("an unknown key", "not-a-key", 401))));
        return routes;
    }

    private static List<Credential> clientCredentials(final String wrongScopeKey) {
        return List.of(new Credential("no key", null, 401),
                new Credential("an unknown key", "not-a-key", 401),
                new Credential("an edited key", ACME_KEY + "x", 401),
                new Credential("another client's key", GLOBEX_KEY, 403),
                new Credential("a key without the scope", wrongScopeKey, 403));
    }

    private static boolean errorOnly(final String body) {
        try {
            final JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.size() == 1 && node.has("error");
        } catch (final Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> send(final String method, final String path, final String contentType,
                                             final String body, final String key) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // Security headers and CORS

    @Test
    void shouldCarryTheSecurityHeadersWhenAnyRouteAnswers() throws Exception {
        final List<String> paths = List.of("/onboarding", "/dashboard", "/web/onboarding.js", "/api/v1/me",
                "/api/v1/clients/acme/funnel", "/healthz", "/readyz", "/metrics", "/robots.txt", "/no-such-page",
                "/bakery/sync/dmpsyncendpoint?partner=globex-snowplow&site=sec&cookieid=" + java.util.UUID.randomUUID(),
                "/bakery/sync/dmpsyncendpoint?partner=acme-tealium&site=sec&cookieid=" + TEALIUM_ID,
                "/bakery/sync/dmpsyncendpoint?partner=nobody");
        final SoftAssertions softly = new SoftAssertions();

        for (final String path : paths) {
            final HttpResponse<String> response = send("GET", path, null, null, null);
            final java.net.http.HttpHeaders headers = response.headers();
            softly.assertThat(headers.firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
            softly.assertThat(headers.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            softly.assertThat(headers.firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            softly.assertThat(headers.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
        softly.assertAll();
    }

    @Test
    void shouldStillServeThePixelAndItsRedirectWhenTheHeadersAreAdded() throws Exception {
        final HttpResponse<String> image = send("GET", "/bakery/sync/dmpsyncendpoint?partner=globex-snowplow&site=sec"
                + "&cookieid=" + java.util.UUID.randomUUID(), null, null, null);
        final HttpResponse<String> bounce = send("GET", "/bakery/sync/dmpsyncendpoint?partner=acme-tealium&site=sec"
                + "&cookieid=" + TEALIUM_ID, null, null, null);

        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(bounce.statusCode()).isEqualTo(302);
        assertThat(bounce.headers().firstValue("Location")).isPresent();
    }

    @Test
    void shouldAdmitTheConfiguredOriginWhenItCallsTheApi() throws Exception {
        final HttpResponse<String> response = fromOrigin("GET", "/api/v1/me", SecurityFixtures.ALLOWED_ORIGIN,
                ACME_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(SecurityFixtures.ALLOWED_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(response.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
    }

    @Test
    void shouldGiveNoCorsHeaderWhenAnotherOriginCallsTheApi() throws Exception {
        final HttpResponse<String> response = fromOrigin("GET", "/api/v1/me", "https://evil.example", ACME_KEY);

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldAnswerThePreflightWhenTheConfiguredOriginAsks() throws Exception {
        final HttpResponse<String> response = preflight(SecurityFixtures.ALLOWED_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(SecurityFixtures.ALLOWED_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(methods ->
                assertThat(methods).contains("POST"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(allowed ->
                assertThat(allowed).contains("Authorization", "Idempotency-Key"));
    }

    @Test
    void shouldRefuseThePreflightWhenAnotherOriginAsks() throws Exception {
        final HttpResponse<String> response = preflight("https://app.acme.example.evil.example");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    private static HttpResponse<String> preflight(final String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/api/v1/clients/acme/uploads?mode=add"))
                .timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> fromOrigin(final String method, final String path, final String origin,
                                                   final String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Authorization", "Bearer " + key)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
