package io.bakery.gateway.http;

import static io.bakery.gateway.http.PixelFixtures.BAKERY_ID;
import static io.bakery.gateway.http.PixelFixtures.SNOWPLOW_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.kafka.EventSink;
import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.SyncEvent;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.junit.jupiter.api.Test;

/**
 * The pixel endpoints are served by {@link PixelHandler} ahead of Javalin: what that handler itself adds (security
 * headers, rate limit, 500 on a failing controller, query decoding) and what it leaves to Javalin.
 */
class PixelHandlerTest {

    private static final String SYNC = SyncPixelController.PATH + "?partner=stark-snowplow&cookieid=" + SNOWPLOW_ID;
    /** Set by a Javalin before-handler: an answer carrying it went through Javalin. */
    private static final String JAVALIN_MARK = "X-Served-By-Javalin";

    private final RecordingSink sink = new RecordingSink();

    private static List<String> headers(final Response response, final String name) {
        final List<String> values = response.headers().get(name);
        return values == null ? List.of() : values;
    }

    /** The pixel routes plus one Javalin route and a Javalin before-handler that marks what Javalin serves. */
    private static Javalin appWithJavalinRoutes(final EventSink sink) {
        final PixelContext pixel = PixelContext.of(PixelFixtures.CONFIG, sink, new GatewayMetrics(),
                Clock.fixed(PixelFixtures.NOW, ZoneOffset.UTC));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            PixelRoutes.register(config, pixel);
            config.routes.before(ctx -> ctx.header(JAVALIN_MARK, "yes"));
            config.routes.get("/hello", ctx -> ctx.result("hello from javalin"));
        });
    }

    /** A handler with one GET endpoint at {@code /probe}, in front of an otherwise empty Javalin. */
    private static Javalin probe(final Consumer<PixelExchange> endpoint) {
        final PixelHandler handler = new PixelHandler(new PixelRouter(Map.of("/probe", endpoint), Map.of(),
                Optional.empty(), new AccessLog(new GatewayMetrics())));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.modifyServer(handler::installIn);
        });
    }

    @Test
    void shouldAnswer500AndSetNoCookieWhenAControllerThrows() {
        final EventSink throwing = events -> {
            throw new IllegalStateException("the sink broke");
        };
        JavalinTest.test(PixelFixtures.app(throwing, new GatewayMetrics()), (server, client) -> {
            final Response response = client.get(SYNC, request -> request.header("Cookie", bakeryCookie(BAKERY_ID)));

            assertThat(response.code()).isEqualTo(500);
            assertThat(headers(response, "Set-Cookie")).isEmpty();
            assertThat(headers(response, "Cache-Control")).containsExactly("no-cache, no-store, must-revalidate");
        });
    }

    @Test
    void shouldAnswer500WhenTheAnswerAfterTheWorkThrowsOnAnotherThread() {
        final Javalin app = probe(exchange -> {
            final CompletableFuture<Void> work = new CompletableFuture<>();
            exchange.whenDone(work, error -> {
                throw new IllegalStateException("the answer broke");
            });
            new Thread(() -> work.complete(null), "completes-the-work").start();
        });
        JavalinTest.test(app, (server, client) -> assertThat(client.get("/probe").code()).isEqualTo(500));
    }

    @Test
    void shouldKeepTheFirstAnswerWhenAControllerAnswersTwice() {
        final Javalin app = probe(exchange -> {
            exchange.answer(200, PixelResponses.TEXT, "first".getBytes(StandardCharsets.UTF_8));
            exchange.answer(503, PixelResponses.TEXT, "second".getBytes(StandardCharsets.UTF_8));
        });
        JavalinTest.test(app, (server, client) -> {
            final Response response = client.get("/probe");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("first");
        });
    }

    @Test
    void shouldLetJavalinServeAPathThatIsNoPixel() {
        JavalinTest.test(appWithJavalinRoutes(sink), (server, client) -> {
            final Response hello = client.get("/hello");
            final Response pixel = client.get(SYNC, request -> request.header("Cookie", bakeryCookie(BAKERY_ID)));

            assertThat(hello.code()).isEqualTo(200);
            assertThat(hello.body().string()).isEqualTo("hello from javalin");
            assertThat(headers(hello, JAVALIN_MARK)).containsExactly("yes");
            assertThat(pixel.code()).isEqualTo(200);
            assertThat(headers(pixel, JAVALIN_MARK)).as("the pixel never reaches Javalin").isEmpty();
        });
    }

    @Test
    void shouldServeAPixelAheadOfJavalinsStatisticsHandler() {
        JavalinTest.test(appWithJavalinRoutes(sink), (server, client) -> {
            final StatisticsHandler statistics = server.jettyServer().server().getDescendant(StatisticsHandler.class);

            client.get(SYNC, request -> request.header("Cookie", bakeryCookie(BAKERY_ID)));
            client.get("/hello");

            assertThat(statistics.getRequests()).as("requests that went through the statistics handler").isEqualTo(1);
        });
    }

    @Test
    void shouldLeaveOtherMethodsOnAPixelPathToJavalin() {
        JavalinTest.test(appWithJavalinRoutes(sink), (server, client) -> {
            final Response response = client.post(SYNC, "");

            assertThat(response.code()).isEqualTo(404);
            assertThat(headers(response, JAVALIN_MARK)).containsExactly("yes");
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldCarryTheSecurityHeadersOnEveryPixelAnswer() {
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) -> {
            for (final Response response : List.of(
                    client.get(SYNC, request -> request.header("Cookie", bakeryCookie(BAKERY_ID))),
                    client.get(SyncPixelController.PATH + "?partner=nobody"),
                    client.get(IdentityPixelController.PATH),
                    client.get(OptOutController.PATH),
                    client.get(PixelRoutes.ROBOTS_PATH))) {
                assertThat(headers(response, SecurityHeaders.CONTENT_SECURITY_POLICY))
                        .containsExactly(SecurityHeaders.DEFAULT_POLICY);
                assertThat(headers(response, "X-Content-Type-Options")).containsExactly("nosniff");
                assertThat(headers(response, "Referrer-Policy")).containsExactly("no-referrer");
                assertThat(headers(response, "X-Frame-Options")).containsExactly("DENY");
            }
        });
    }

    @Test
    void shouldAnswer429WithRetryAfterAndStoreNothingWhenTheAddressHasNoTokenLeft() {
        JavalinTest.test(PixelFixtures.app(PixelFixtures.ONE_HIT_PER_IP, sink, new GatewayMetrics()),
                (server, client) -> {
                    final Response first = client.get(SYNC, request -> request.header("Cookie",
                            bakeryCookie(BAKERY_ID)));
                    final Response second = client.get(SYNC, request -> request.header("Cookie",
                            bakeryCookie(BAKERY_ID)));

                    assertThat(first.code()).isEqualTo(200);
                    assertThat(second.code()).isEqualTo(429);
                    assertThat(headers(second, "Retry-After")).singleElement()
                            .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
                    assertThat(headers(second, "X-Content-Type-Options")).containsExactly("nosniff");
                    assertThat(sink.events()).hasSize(1);
                });
    }

    @Test
    void shouldNotLimitAPathThatIsNoPixelEndpoint() {
        JavalinTest.test(PixelFixtures.app(PixelFixtures.ONE_HIT_PER_IP, sink, new GatewayMetrics()),
                (server, client) -> {
                    client.get(PixelRoutes.ROBOTS_PATH);

                    assertThat(client.get(PixelRoutes.ROBOTS_PATH).code()).isEqualTo(200);
                    assertThat(client.get(MetricsController.PATH).code()).isEqualTo(200);
                });
    }

    @Test
    void shouldTreatAParameterThatDoesNotDecodeAsAbsent() {
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) -> {
            // Sent over a plain socket: the test's HTTP client refuses to send a malformed escape at all.
            final String response = raw(server.port(), "GET", SyncPixelController.PATH
                    + "?partner=stark-snowplow&cookieid=%zz", bakeryCookie(BAKERY_ID));

            assertThat(response).startsWith("HTTP/1.1 400 ").contains("cookieid: is required");
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldSendTheHeadersOfAGetButNoBodyForAHead() {
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) -> {
            final String response = raw(server.port(), "HEAD", SYNC, bakeryCookie(BAKERY_ID));

            assertThat(response).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Content-Type: image/gif\r\n")
                    .containsIgnoringCase("Content-Length: 43\r\n").endsWith("\r\n\r\n");
            assertThat(sink.events()).isEmpty();
        });
    }

    @Test
    void shouldTreatACookieHeaderThatDoesNotParseAsNoCookies() {
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) -> {
            for (final String path : List.of(OptOutController.PATH, SYNC)) {
                final String withoutCookies = raw(server.port(), "GET", path, null);
                final String malformed = raw(server.port(), "GET", path, BakeryIdCookie.NAME + "=a\tb");

                assertThat(statusLine(malformed)).as(path).isEqualTo(statusLine(withoutCookies));
            }
        });
    }

    @Test
    void shouldReadTheFirstDecodableValueOfEachParameter() {
        assertThat(PixelRouter.firstValues("a=1&a=2&b=%zz&b=3&c&=4&d=x%20y+z&&e=%C3%A9"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "3", "c", "", "", "4", "d", "x y z",
                        "e", "\u00e9"));
        assertThat(PixelRouter.firstValues(null)).isEmpty();
        assertThat(PixelRouter.firstValues("")).isEmpty();
    }

    private static String statusLine(final String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    /**
     * The whole answer to {@code method target} sent as written, with {@code cookie} as the Cookie header (none when
     * null) and the connection closed.
     */
    private static String raw(final int port, final String method, final String target, final String cookie)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            final String cookieLine = cookie == null ? "" : "Cookie: " + cookie + "\r\n";
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + cookieLine
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldDecodeAPlusInAParameterAsASpace() {
        JavalinTest.test(PixelFixtures.app(sink, new GatewayMetrics()), (server, client) -> {
            client.get(SYNC + "&site=news+today", request -> request.header("Cookie", bakeryCookie(BAKERY_ID)));

            assertThat(sink.values(Topics.SYNC_EVENTS)).singleElement().extracting(SyncEvent::getSite)
                    .isEqualTo("news today");
        });
    }
}
