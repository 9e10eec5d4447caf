package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP to a deployment's gateways as browsers, DMP pixels and API callers talk to it: round robin over the
 * gateways as a balancer would, and API calls retried with the same Idempotency-Key until answered, as a client
 * following the API's advice does.
 */
public final class GatewayClient {

    /** The path of the sync pixel. */
    public static final String SYNC_PIXEL = "/bakery/sync/dmpsyncendpoint";

    /** Answers a client retries: nothing decided yet (busy, capacity warming up, Kafka away, a 5xx). */
    private static final Set<Integer> RETRIED = Set.of(409, 500, 502, 503, 504);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> gatewayUrls;

    /** A client of the gateways at these base URLs (the list may grow as gateways start). */
    public GatewayClient(final List<String> gatewayUrls) {
        this.gatewayUrls = gatewayUrls;
    }

    /** The balancer's choice for the n-th request. */
    public String gateway(final int request) {
        return gatewayUrls.get(Math.floorMod(request, gatewayUrls.size()));
    }

    /** The sync pixel's path and query for one hit; {@code site} tells this request apart on its event. */
    public static String syncPixel(final String site, final String partner, final String cookieId) {
        return SYNC_PIXEL + "?site=" + site + "&partner=" + partner + "&cookieid=" + cookieId + "&read=false";
    }

    /** A GET with the browser's Bakery cookie, if it has one. */
    public HttpResponse<String> get(final String url, final String cookie) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code name=value} part of an answer's Set-Cookie. */
    public static String cookieOf(final HttpResponse<?> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    /**
     * POSTs a body with an Idempotency-Key, again on no answer or an undecided one, until answered 200; returns
     * the report. The same key makes a repeat of an upload that did land a replay, not a second upload.
     */
    public JsonNode post(final String path, final String key, final String idempotencyKey, final String contentType,
            final String body) {
        final AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        final int[] attempt = {0};
        await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    answer.set(http.send(HttpRequest.newBuilder(URI.create(gateway(attempt[0]++) + path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                            .header("Idempotency-Key", idempotencyKey)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                    return !RETRIED.contains(answer.get().statusCode());
                });
        final HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
