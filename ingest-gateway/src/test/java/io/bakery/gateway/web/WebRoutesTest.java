package io.bakery.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.gateway.auth.TestApiKeys;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pages, their files and the dashboard's JSON routes over HTTP; the broker is unreachable on purpose. */
class WebRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebRoutes web;
    private static Javalin app;

    @BeforeAll
    static void start() {
        web = new WebRoutes(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()), "127.0.0.1:1");
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            web.register(config);
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        web.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/onboarding", "/dashboard"})
    void shouldServeThePageWithAPolicyAllowingOnlyItsOwnOriginWhenItIsRequested(final String path) throws Exception {
        final HttpResponse<String> page = get(path, null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(WebAssets.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/onboarding", "/dashboard"})
    void shouldHoldNoInlineScriptWhenThePageIsServed(final String path) throws Exception {
        final String html = get(path, null, null).body();

        final Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"/web/");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isPositive();
        assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+\\s*=").doesNotContain("javascript:")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void shouldLabelEveryInputWhenTheOnboardingPageIsServed() throws Exception {
        final String html = get("/onboarding", null, null).body();

        final Matcher inputs = Pattern.compile("<(?:input|select)[^>]*\\sid=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (inputs.find()) {
            count++;
            assertThat(html).as(inputs.group(1)).contains("for=\"" + inputs.group(1) + "\"");
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/web/logback.xml", "/web/..%2Flogback.xml", "/web/onboarding", "/web/WebRoutes.class"})
    void shouldAnswer404WhenAFileOutsideTheAllowListIsAsked(final String path) throws Exception {
        assertThat(get(path, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer304WhenTheBrowserHasTheCurrentVersion() throws Exception {
        final String etag = get("/web/normalize.js", null, null).headers().firstValue("ETag").orElseThrow();

        assertThat(get("/web/normalize.js", null, etag).statusCode()).isEqualTo(304);
    }

    @Test
    void shouldServeTheServersOwnPhoneMetadataWhenThePageAsksForIt() throws Exception {
        final JsonNode metadata = JSON.readTree(get("/web/phone-metadata.json", null, null).body());

        assertThat(metadata.get("library").asText()).startsWith("libphonenumber 9.");
        assertThat(metadata.get("regions").get("NL").get("cc").asInt()).isEqualTo(31);
        assertThat(metadata.get("countryCodes").get("1").get(0).asText()).isEqualTo("US");
        assertThat(metadata.get("nonGeographic").has("800")).isTrue();
    }

    @Test
    void shouldAnswer401WhenWhoAmIIsAskedWithoutAKey() throws Exception {
        assertThat(get("/api/v1/me", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldNameTheClientAndScopesButNotTheKeyWhenWhoAmIIsAsked() throws Exception {
        final HttpResponse<String> me = get("/api/v1/me", "acme-key", null);

        final JsonNode node = JSON.readTree(me.body());
        assertThat(node.get("clientId").asText()).isEqualTo("acme");
        assertThat(node.get("scopes").toString()).contains("upload").contains("read");
        assertThat(me.body()).doesNotContain("acme-key");
    }

    @Test
    void shouldAnswer403WhenAClientKeyReadsAnotherClientsFunnel() throws Exception {
        assertThat(get("/api/v1/clients/globex/funnel", "acme-key", null).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldSayNoStatisticsYetWhenTheTopologyHasPublishedNone() throws Exception {
        final HttpResponse<String> funnel = get("/api/v1/clients/acme/funnel", "acme-read-key", null);

        assertThat(funnel.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(funnel.body()).get("available").asBoolean()).isFalse();
    }

    private static HttpResponse<String> get(final String path, final String key, final String etag) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
