package io.bakery.gateway.http;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the pixel endpoints as a Jetty core handler in front of Javalin's servlet context, in the same server and
 * port: a pixel hit never enters the servlet layer (request wrappers, Javalin's context and routing, servlet async
 * dispatch), which alone costs more than the pixel's throughput target leaves (issue 3, bench/RESULTS.md). An answer
 * that waits for Kafka is written from the publish future's completion straight through Jetty's {@link Callback}.
 * Every other request, and any other method on a pixel path, goes on to Javalin as before.
 *
 * <p>What Javalin did around the pixel routes happens here too: the {@link SecurityHeaders}, the per-IP
 * {@link PixelRateLimiter} on the limited paths (before anything else, whatever the method), the {@link AccessLog},
 * and a 500 when a controller throws. Paths match as Javalin's routes did: as sent (percent-encoding kept),
 * case-sensitive, with or without one trailing slash.
 */
public final class PixelHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(PixelHandler.class);
    private static final byte[] SERVER_ERROR = "server error".getBytes(StandardCharsets.UTF_8);
    /**
     * The header fields most pixel answers carry unchanged (security, no-cache, content types), by name and value,
     * built and encoded once: a field set from a name and a value is looked up by name and encoded character by
     * character in every answer, which profiling showed as a visible share of a pixel hit's cost.
     */
    private static final Map<String, Map<String, HttpField>> CONSTANT_FIELDS = constantFields();

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
    PixelHandler(final Map<String, Consumer<PixelExchange>> gets, final Map<String, Consumer<PixelExchange>> heads,
            final Optional<PixelRateLimiter> limiter, final AccessLog accessLog) {
        this.gets = Map.copyOf(gets);
        this.heads = Map.copyOf(heads);
        this.limiter = limiter.orElse(null);
        this.accessLog = accessLog;
    }

    /**
     * Makes this handler the server's first, ahead of the wrappers Javalin put there (its statistics handler, which
     * nothing in Bakery reads); Javalin, when it starts, attaches its servlet context innermost. A pixel hit then
     * meets no request or response wrapper: the statistics handler's wrappers cost every header lookup and write of
     * a hit an extra call and every hit a set of listeners (seen on both the request and the answering threads in
     * the pixel profile, bench/RESULTS.md).
     */
    void installIn(final Server server) {
        server.insertHandler(this);
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) throws Exception {
        final String path = request.getHttpURI().getPath();
        if (path == null) {
            return super.handle(request, response, callback);
        }
        final String route = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        final String method = request.getMethod();
        final Consumer<PixelExchange> endpoint = "GET".equals(method) ? gets.get(route)
                : "HEAD".equals(method) ? heads.get(route) : null;
        final boolean limited = limiter != null && PixelRateLimiter.LIMITED_PATHS.contains(route);
        if (endpoint == null && !limited) {
            return super.handle(request, response, callback);
        }
        final long start = System.nanoTime();
        if (limited) {
            final PixelRateLimiter.Decision decision = limiter.admit(Request.getRemoteAddr(request),
                    request.getHeaders().get("X-Forwarded-For"));
            if (!decision.admitted()) {
                PixelRateLimiter.refuse(new JettyExchange(request, response, callback, path, start), decision);
                return true;
            }
        }
        if (endpoint == null) {
            return super.handle(request, response, callback);
        }
        final JettyExchange exchange = new JettyExchange(request, response, callback, path, start);
        try {
            endpoint.accept(exchange);
        } catch (final RuntimeException | Error e) {
            exchange.fail(e);
        }
        return true;
    }

    /**
     * A pixel request served by Jetty's core API. Its answer completes Jetty's callback, which ends the request;
     * until then Jetty leaves the request and response to us.
     */
    private final class JettyExchange implements PixelExchange {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final String path;
        private final long start;
        private final AtomicBoolean answered = new AtomicBoolean();
        /** The first decodable value of each query parameter, read at the first ask. */
        private Map<String, String> query;

        JettyExchange(final Request request, final Response response, final Callback callback, final String path,
                final long start) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.path = path;
            this.start = start;
            SecurityHeaders.apply(this::setHeader);
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String queryString() {
            return request.getHttpURI().getQuery();
        }

        @Override
        public String queryParam(final String name) {
            if (query == null) {
                query = firstValues(queryString());
            }
            return query.get(name);
        }

        @Override
        public String header(final String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public String cookie(final String name) {
            final List<HttpCookie> cookies;
            try {
                cookies = Request.getCookies(request);
            } catch (final HttpException.RuntimeException e) {
                // A Cookie header Jetty cannot parse (a control character, say) counts as no cookies, as it did
                // behind the servlet API: one bad cookie on the domain must not turn every pixel into an error.
                return null;
            }
            for (final HttpCookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
            return null;
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public void setHeader(final String name, final String value) {
            final HttpField constant = constantField(name, value);
            if (constant != null) {
                response.getHeaders().put(constant);
            } else {
                response.getHeaders().put(name, value);
            }
        }

        @Override
        public void addHeader(final String name, final String value) {
            response.getHeaders().add(name, value);
        }

        @Override
        public boolean answer(final int status, final String contentType, final byte[] body) {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            write(status, contentType, body);
            return true;
        }

        @Override
        public void fail(final Throwable error) {
            // Only the exception's type and where it was thrown: its message may hold what the caller sent.
            LOG.error("{} {} failed, answered 500: {} at {}", request.getMethod(), path, error.getClass().getName(),
                    Arrays.stream(error.getStackTrace()).limit(4).map(String::valueOf)
                            .collect(Collectors.joining(" < ")));
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            // Nothing a controller set before it failed (a cookie, a redirect) goes out with the error.
            response.reset();
            SecurityHeaders.apply(this::setHeader);
            PixelResponses.noCache(this);
            write(500, PixelResponses.TEXT, SERVER_ERROR);
        }

        private void write(final int status, final String contentType, final byte[] body) {
            response.setStatus(status);
            final HttpFields.Mutable headers = response.getHeaders();
            if (contentType != null) {
                setHeader(HttpHeader.CONTENT_TYPE.asString(), contentType);
            }
            accessLog.answered(request.getMethod(), path, status, System.nanoTime() - start);
            if (body == null) {
                // Completing the callback with nothing written sends the status and headers with an empty body.
                callback.succeeded();
            } else {
                headers.put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
            }
        }
    }

    private static Map<String, Map<String, HttpField>> constantFields() {
        final Map<String, Map<String, HttpField>> fields = new HashMap<>();
        final BiConsumer<String, String> add = (name, value) -> fields.computeIfAbsent(name, n -> new HashMap<>())
                .put(value, new PreEncodedHttpField(name, value));
        SecurityHeaders.apply(add);
        PixelResponses.NO_CACHE.forEach(add);
        for (final String contentType : List.of(PixelResponses.TEXT, PixelResponses.IMAGE)) {
            add.accept(HttpHeader.CONTENT_TYPE.asString(), contentType);
        }
        final Map<String, Map<String, HttpField>> frozen = new HashMap<>();
        fields.forEach((name, byValue) -> frozen.put(name, Map.copyOf(byValue)));
        return Map.copyOf(frozen);
    }

    /** The pre-encoded field for {@code name: value}, or null when that pair is not one of the constant ones. */
    private static HttpField constantField(final String name, final String value) {
        final Map<String, HttpField> byValue = CONSTANT_FIELDS.get(name);
        return byValue == null ? null : byValue.get(value);
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
