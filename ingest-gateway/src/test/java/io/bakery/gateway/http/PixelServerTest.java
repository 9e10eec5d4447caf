package io.bakery.gateway.http;

import static io.bakery.gateway.http.PixelFixtures.BAKERY_ID;
import static io.bakery.gateway.http.PixelFixtures.SNOWPLOW_ID;
import static io.bakery.gateway.http.PixelFixtures.TEALIUM_ID;
import static io.bakery.gateway.http.PixelFixtures.bakeryCookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.kafka.RecordingSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.SyncEvent;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dedicated pixel listener answers every pixel request as the main port's {@link PixelHandler} does (same
 * router, same controllers), and handles what a connection of its own meets: pipelined requests answered later,
 * unreadable requests, other paths and methods, {@code Connection: close}.
 */
class PixelServerTest {

    private static final String SYNC = SyncPixelController.PATH;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RecordingSink sink = new RecordingSink();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT).build();
    private Javalin mainPort;
    private PixelServer pixelPort;

    @AfterEach
    void stop() {
        if (pixelPort != null) {
            pixelPort.close();
        }
        if (mainPort != null) {
            mainPort.stop();
        }
    }

    /** The pixel routes on a Javalin server and, with the same router, on a pixel listener. */
    private void startBoth() {
        final PixelContext pixel = PixelContext.of(PixelFixtures.CONFIG, sink, new GatewayMetrics(),
                Clock.fixed(PixelFixtures.NOW, ZoneOffset.UTC));
        final PixelRouter[] router = new PixelRouter[1];
        mainPort = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            router[0] = PixelRoutes.register(config, pixel);
        }).start("127.0.0.1", 0);
        pixelPort = PixelServer.start("127.0.0.1", 0, router[0]);
    }

    /** A pixel listener alone, serving {@code gets}. */
    private void startProbe(final Map<String, Consumer<PixelExchange>> gets) {
        pixelPort = PixelServer.start("127.0.0.1", 0,
                new PixelRouter(gets, Map.of(), Optional.empty(), new AccessLog(new GatewayMetrics())));
    }

    private HttpResponse<byte[]> send(final int port, final String method, final String target,
            final String cookie) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * What a client can tell of an answer: status, body, and the headers but the date; with {@code issued}, the
     * Bakery id cookie set (a fresh, random id) is replaced by a mark.
     */
    private static String observable(final HttpResponse<byte[]> response, final boolean issued) {
        final Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                headers.put(name.toLowerCase(), values.stream()
                        .map(value -> issued ? value.replaceAll("^" + BakeryIdCookie.NAME + "=[^;]+;",
                                BakeryIdCookie.NAME + "=<issued>;") : value)
                        .collect(Collectors.toList()));
            }
        });
        return response.statusCode() + " " + headers + " body=" + new String(response.body(),
                StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET " + SYNC + "?partner=acme-tealium&site=news&cookieid=" + TEALIUM_ID + " cookie",
        "GET " + SYNC + "?partner=acme-tealium&cookieid=" + TEALIUM_ID + " -",
        "GET " + SYNC + "?partner=acme-tealium&cookieid=" + TEALIUM_ID + "&bounce=1 -",
        "GET " + SYNC + "/?partner=stark-snowplow&cookieid=" + SNOWPLOW_ID + "&f=b cookie",
        "GET " + SYNC + "?partner=acme-tealium&cookieid=" + TEALIUM_ID + "&read=true cookie",
        "GET " + SYNC + "?partner=acme-tealium&cookieid=%24%7BDMP_ID%7D cookie",
        "GET " + SYNC + "?partner=nobody&cookieid=" + TEALIUM_ID + " cookie",
        "GET " + SYNC + "?partner=acme-tealium&cookieid=" + TEALIUM_ID + "&gdpr=1&gdpr_consent=garbage cookie",
        "HEAD " + SYNC + "?partner=acme-tealium&cookieid=" + TEALIUM_ID + " cookie",
        "GET " + IdentityPixelController.PATH + "?email_sha256=zz cookie",
        "GET " + OptOutController.PATH + " cookie",
        "GET " + PixelRoutes.ROBOTS_PATH + " -"})
    void shouldAnswerAsTheMainPortDoes(final String line) throws Exception {
        startBoth();
        final String[] parts = line.split(" ");
        final String cookie = parts[2].equals("cookie") ? bakeryCookie(BAKERY_ID) : null;

        final HttpResponse<byte[]> main = send(mainPort.port(), parts[0], parts[1], cookie);
        final int storedByMain = sink.events().size();
        final HttpResponse<byte[]> dedicated = send(pixelPort.port(), parts[0], parts[1], cookie);

        assertThat(observable(dedicated, cookie == null)).isEqualTo(observable(main, cookie == null));
        assertThat(sink.events()).hasSize(2 * storedByMain);
    }

    @Test
    void shouldStoreTheHitsItAnswersWithTheRequestsCookieAndPartner() throws Exception {
        startBoth();

        final HttpResponse<byte[]> response = send(pixelPort.port(), "GET",
                SYNC + "?partner=stark-snowplow&site=news&cookieid=" + SNOWPLOW_ID, bakeryCookie(BAKERY_ID));

        assertThat(response.statusCode()).isEqualTo(200);
        final List<SyncEvent> events = sink.values(Topics.SYNC_EVENTS);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getBakeryId()).isEqualTo(BAKERY_ID);
            assertThat(event.getDmpCookieId()).isEqualTo(SNOWPLOW_ID);
            assertThat(event.getClientId()).isEqualTo("stark");
        });
    }

    @Test
    void shouldAnswerPipelinedRequestsInTheirOrderWhenTheFirstIsAnsweredLater() throws Exception {
        final CompletableFuture<Void> kafka = new CompletableFuture<>();
        startProbe(Map.of(
                "/later", exchange -> exchange.whenDone(kafka,
                        error -> exchange.answer(200, PixelResponses.TEXT, bytes("later"))),
                "/now", exchange -> exchange.answer(200, PixelResponses.TEXT, bytes("now"))));

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), pixelPort.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            final OutputStream out = socket.getOutputStream();
            out.write(bytes("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /now HTTP/1.1\r\nHost: x\r\n\r\n"));
            out.flush();
            Thread.sleep(200); // both requests are read; the second must not overtake the first
            kafka.complete(null);

            final String answers = readUntil(socket.getInputStream(), "now");
            assertThat(answers.indexOf("later")).isPositive().isLessThan(answers.indexOf("\r\n\r\nnow"));
        }
    }

    @Test
    void shouldAnswer500WithoutTheControllersHeadersWhenItThrows() throws Exception {
        startProbe(Map.of("/broken", exchange -> {
            exchange.setHeader("Set-Cookie", "bky=half-done");
            throw new IllegalStateException("controller bug");
        }));

        final HttpResponse<byte[]> response = send(pixelPort.port(), "GET", "/broken", null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("no-store"));
    }

    @Test
    void shouldAnswer404ForOtherPathsAnd405ForOtherMethodsOnAPixelPath() throws Exception {
        startBoth();

        assertThat(send(pixelPort.port(), "GET", "/api/uploads", null).statusCode()).isEqualTo(404);
        assertThat(send(pixelPort.port(), "POST", SYNC + "?partner=acme-tealium", null).statusCode()).isEqualTo(405);
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldAnswer400AndCloseTheConnectionOnARequestItCannotRead() throws Exception {
        startBoth();

        final String answer = sendAndReadUntilClosed("GET " + SYNC + " HTTP/1.1\r\nHost x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("malformed HTTP request");
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldAnswer431WhenTheHeadersAreTooLong() throws Exception {
        startBoth();

        final String answer = sendAndReadUntilClosed("GET " + SYNC + " HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(PixelServer.MAX_HEADER_BYTES) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431");
    }

    @Test
    void shouldCloseTheConnectionAfterTheAnswerWhenTheClientAsksTo() throws Exception {
        startBoth();

        final String answer = sendAndReadUntilClosed("GET " + PixelRoutes.ROBOTS_PATH
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                .endsWith("Disallow: /\n");
    }

    /**
     * Sends {@code request} as written over a plain socket to the pixel listener and reads until the server closes
     * the connection (a read that times out fails the test: the connection was left open).
     */
    private String sendAndReadUntilClosed(final String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), pixelPort.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(bytes(request));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the text read so far ends with {@code end}. */
    private static String readUntil(final InputStream in, final String end) throws IOException {
        final ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            final int b = in.read();
            if (b < 0) {
                break;
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
