package io.bakery.launcher.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a component without a web server of its own (topology, exporter): {@code GET /metrics} in the
 * Prometheus text format for scraping, and {@code GET /healthz} (200 or 503) for container health checks. The
 * gateway serves both paths itself.
 */
public final class StatusEndpoint implements AutoCloseable {

    public static final String METRICS_PATH = "/metrics";
    public static final String HEALTH_PATH = "/healthz";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(StatusEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusEndpoint(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves until closed.
     *
     * @param port the port; 0 picks a free one
     * @param metrics the current exposition, produced per scrape
     * @param healthy whether the component works (a stopped or failed one is restarted by its orchestrator)
     */
    public static StatusEndpoint start(final String host, final int port, final Supplier<String> metrics,
            final BooleanSupplier healthy) throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext(METRICS_PATH, exchange -> answer(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
        server.createContext(HEALTH_PATH, exchange -> {
            final boolean ok = healthy.getAsBoolean();
            answer(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "unhealthy\n");
        });
        // One thread: scrapes and probes are rare and cheap; they must never compete with the component's work.
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            final Thread thread = new Thread(r, "status-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("metrics and health on {}:{}", host, server.getAddress().getPort());
        return new StatusEndpoint(server, executor);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(final HttpExchange exchange, final int status, final String contentType,
            final String body) throws IOException {
        try (exchange) {
            // Exact paths only: the JDK server routes every path below a context to it.
            final String path = exchange.getRequestURI().getPath();
            if (!path.equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            final String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
