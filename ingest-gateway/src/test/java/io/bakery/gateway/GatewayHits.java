package io.bakery.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends pixel hits to a running gateway the way a browser would, with a cookie header. */
final class GatewayHits {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;

    /** Hits on the gateway's main port. */
    GatewayHits(final GatewayApp app) {
        this(app.port());
    }

    /** Hits on {@code port} of the local machine (the gateway's dedicated pixel listener, say). */
    GatewayHits(final int port) {
        this.origin = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(final String pathAndQuery, final String cookie) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
