package io.bakery.gateway.http;

import static io.bakery.gateway.http.PixelFixtures.BAKERY_ID;
import static io.bakery.gateway.http.PixelFixtures.SNOWPLOW_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestThreadsTest {

    /** More than the pool has for requests once the connector took its two: without the limit they hold it all. */
    private static final int BLOCKED_UPLOADS = RequestThreads.MAX_THREADS - 2;

    @Test
    void shouldAnswerAPixelHitAndTheProbesWhileSlowServletRequestsHoldAllTheyMay() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final PixelContext pixel = PixelContext.of(PixelFixtures.CONFIG, new RecordingSink(), new GatewayMetrics(),
                Clock.fixed(PixelFixtures.NOW, ZoneOffset.UTC));
        final Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            RequestThreads.register(config);
            PixelRoutes.register(config, pixel);
            // Stands for an upload reading its body for minutes: it holds its thread until released.
            config.routes.get(HealthController.LIVENESS_PATH, new HealthController(() -> true)::healthz);
            config.routes.post("/slow", ctx -> {
                running.incrementAndGet();
                ctx.result(release.await(60, TimeUnit.SECONDS) ? "done" : "never released");
            });
        });
        JavalinTest.test(app, (server, client) -> {
            final HttpClient http = HttpClient.newHttpClient();
            final List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            try {
                for (int i = 0; i < BLOCKED_UPLOADS; i++) {
                    slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create(client.getOrigin() + "/slow"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> running.get() == RequestThreads.SERVLET_REQUESTS);

                final HttpResponse<String> hit = http.send(HttpRequest.newBuilder(URI.create(client.getOrigin()
                                + SyncPixelController.PATH + "?partner=stark-snowplow&cookieid=" + SNOWPLOW_ID))
                        .header("Cookie", bakeryCookie(BAKERY_ID)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());

                final HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(client.getOrigin()
                        + HealthController.LIVENESS_PATH)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(hit.statusCode()).isEqualTo(200);
                assertThat(probe.statusCode()).as("the liveness probe, past the limit").isEqualTo(200);
                assertThat(running.get()).as("servlet requests let in while the others wait")
                        .isEqualTo(RequestThreads.SERVLET_REQUESTS);
            } finally {
                release.countDown();
            }
            for (final CompletableFuture<HttpResponse<String>> request : slow) {
                assertThat(request.get(60, TimeUnit.SECONDS).body()).as("a waiting servlet request, once let in")
                        .isEqualTo("done");
            }
        });
    }
}
