package io.bakery.gateway.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pixel endpoints and the steps every pixel request takes, whichever server it came in by: the Jetty handler in
 * front of Javalin ({@link PixelHandler}) or the dedicated pixel listener ({@link PixelServer}). Both share one
 * router, so a browser's per-IP budget is the same on either port.
 *
 * <p>Paths match as Javalin's routes did: as sent (percent-encoding kept), case-sensitive, with or without one
 * trailing slash.
 */
public final class PixelRouter {

    private static final Logger LOG = LoggerFactory.getLogger(PixelRouter.class);

    private final Map<String, Consumer<PixelExchange>> gets;
    private final Map<String, Consumer<PixelExchange>> heads;
    /** Null when no limit is configured. */
    private final PixelRateLimiter limiter;
    private final AccessLog accessLog;

    /**
     * @param gets the GET endpoints by path
     * @param heads the HEAD endpoints by path
     * @param limiter the per-IP limit of {@link PixelRateLimiter#LIMITED_PATHS}, if any
     */
    PixelRouter(final Map<String, Consumer<PixelExchange>> gets, final Map<String, Consumer<PixelExchange>> heads,
            final Optional<PixelRateLimiter> limiter, final AccessLog accessLog) {
        this.gets = Map.copyOf(gets);
        this.heads = Map.copyOf(heads);
        this.limiter = limiter.orElse(null);
        this.accessLog = accessLog;
    }

    /** The route a request path names: the path without one trailing slash. */
    static String route(final String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Whether {@code route} is a pixel endpoint for some method. */
    boolean isPixelPath(final String route) {
        return gets.containsKey(route) || heads.containsKey(route);
    }

    /**
     * Serves {@code exchange}: the per-IP limit first when {@code limited} (429 when spent, whatever the method),
     * then {@code endpoint}, which answers now or later; a controller that throws is answered 500.
     *
     * @param endpoint what {@link #endpoint} found for the request, or null
     * @param limited what {@link #limited} said of the request's route
     * @return false when there is no endpoint (and the limit let the request pass): nothing was answered
     */
    boolean serve(final Consumer<PixelExchange> endpoint, final boolean limited, final PixelExchange exchange) {
        if (limited) {
            final PixelRateLimiter.Decision decision = limiter.admit(exchange.remoteAddress(),
                    exchange.header("X-Forwarded-For"));
            if (!decision.admitted()) {
                PixelRateLimiter.refuse(exchange, decision);
                return true;
            }
        }
        if (endpoint == null) {
            return false;
        }
        try {
            endpoint.accept(exchange);
        } catch (final RuntimeException | Error e) {
            exchange.fail(e);
        }
        return true;
    }

    /** Records an answer in the metrics and the access log. */
    void answered(final String method, final String path, final int status, final long startNanos) {
        accessLog.answered(method, path, status, System.nanoTime() - startNanos);
    }

    /** Logs a failed request: only the exception's type and where it was thrown (its message may hold input). */
    static void logFailure(final String method, final String path, final Throwable error) {
        LOG.error("{} {} failed, answered 500: {} at {}", method, path, error.getClass().getName(),
                Arrays.stream(error.getStackTrace()).limit(4).map(String::valueOf).collect(Collectors.joining(" < ")));
    }

    /** The endpoint serving {@code method} on {@code route}, or null. */
    Consumer<PixelExchange> endpoint(final String method, final String route) {
        return "GET".equals(method) ? gets.get(route) : "HEAD".equals(method) ? heads.get(route) : null;
    }

    /** Whether the per-IP limit applies to {@code route} (any method). */
    boolean limited(final String route) {
        return limiter != null && PixelRateLimiter.LIMITED_PATHS.contains(route);
    }

    /**
     * The first decodable value of each parameter of {@code query}, decoded as Javalin decoded query parameters
     * ({@code +} is a space, percent-escapes are UTF-8): a key or value that does not decode counts as absent.
     */
    static Map<String, String> firstValues(final String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        final Map<String, String> values = new HashMap<>();
        int from = 0;
        while (from <= query.length()) {
            int to = query.indexOf('&', from);
            if (to < 0) {
                to = query.length();
            }
            final int equals = query.indexOf('=', from);
            final boolean hasValue = equals >= 0 && equals < to;
            final String key = decode(query.substring(from, hasValue ? equals : to));
            if (key != null && !values.containsKey(key)) {
                final String value = hasValue ? decode(query.substring(equals + 1, to)) : "";
                if (value != null) {
                    values.put(key, value);
                }
            }
            from = to + 1;
        }
        return values;
    }

    private static String decode(final String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }
}
