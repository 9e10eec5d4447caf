package io.bakery.gateway.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reverse proxy in front of the real gateway, so the browser tests see every request the page sends: it records
 * each request's method, path and body, and can swallow the answer to one upload part (the gateway has committed
 * it, the browser never learns) to stand for a connection lost at the worst moment.
 */
final class CapturingProxy implements AutoCloseable {

    /** One request as the page sent it. */
    record Captured(String method, String path, byte[] body, int upstreamStatus, String replayed) {}

    private static final Set<String> REQUEST_HEADERS = Set.of("authorization", "content-type", "idempotency-key",
            "content-encoding", "accept", "if-none-match");
    private static final Set<String> SKIPPED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding",
            "connection", "date");
    private static final Pattern PART = Pattern.compile("[?&]part=(\\d+)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient upstream = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String target;
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private volatile int swallowPart = -1;
    private final CountDownLatch swallowed = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private CapturingProxy(final int targetPort) throws IOException {
        this.target = "http://127.0.0.1:" + targetPort;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static CapturingProxy to(final int targetPort) throws IOException {
        return new CapturingProxy(targetPort);
    }

    /** The proxy's base URL, what the browser opens. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far. */
    List<Captured> captured() {
        return List.copyOf(captured);
    }

    /** Forgets what was captured. */
    void clear() {
        captured.clear();
    }

    /** The first upload of part {@code part} is forwarded, then its answer withheld until {@link #release()}. */
    void swallowAnswerOfPart(final int part) {
        swallowPart = part;
    }

    /** Waits until the swallowed part was committed by the gateway (its answer withheld). */
    boolean awaitSwallowed(final Duration timeout) throws InterruptedException {
        return swallowed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the withheld exchange end (without an answer). */
    void release() {
        released.countDown();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().toString();
            final byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
                    .timeout(Duration.ofMinutes(2))
                    .method(exchange.getRequestMethod(), body.length == 0 && !"POST".equals(exchange.getRequestMethod())
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (REQUEST_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            final HttpResponse<byte[]> response;
            try {
                response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            captured.add(new Captured(exchange.getRequestMethod(), path, body, response.statusCode(),
                    response.headers().firstValue("Idempotent-Replayed").orElse(null)));
            final Matcher part = PART.matcher(path);
            if (swallowPart >= 0 && part.find() && Integer.parseInt(part.group(1)) == swallowPart
                    && swallowed.getCount() > 0) {
                swallowed.countDown();
                try {
                    released.await(2, TimeUnit.MINUTES);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!SKIPPED_RESPONSE_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            final byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
