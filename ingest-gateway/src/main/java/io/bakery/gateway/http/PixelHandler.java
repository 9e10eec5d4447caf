package io.bakery.gateway.http;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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

/**
 * Serves the pixel endpoints as a Jetty core handler in front of Javalin's servlet context, in the same server and
 * port: a pixel hit never enters the servlet layer (request wrappers, Javalin's context and routing, servlet async
 * dispatch), which alone costs more than the pixel's throughput target leaves (issue 3, bench/RESULTS.md). An answer
 * that waits for Kafka is written from the publish future's completion straight through Jetty's {@link Callback}.
 * Every other request, and any other method on a pixel path, goes on to Javalin as before. Which endpoint serves a
 * request, the per-IP limit and the 500 on a failing controller are the {@link PixelRouter}'s, shared with the
 * dedicated pixel listener ({@link PixelServer}).
 *
 * <p>What Javalin did around the pixel routes happens here too: the {@link SecurityHeaders} and the
 * {@link AccessLog}.
 */
public final class PixelHandler extends Handler.Wrapper {

    /**
     * The header fields most pixel answers carry unchanged (security, no-cache, content types), by name and value,
     * built and encoded once: a field set from a name and a value is looked up by name and encoded character by
     * character in every answer, which profiling showed as a visible share of a pixel hit's cost.
     */
    private static final Map<String, Map<String, HttpField>> CONSTANT_FIELDS = constantFields();

    private final PixelRouter router;

    PixelHandler(final PixelRouter router) {
        this.router = router;
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
        final String route = PixelRouter.route(path);
        final Consumer<PixelExchange> endpoint = router.endpoint(request.getMethod(), route);
        final boolean limited = router.limited(route);
        if (endpoint == null && !limited) {
            return super.handle(request, response, callback);
        }
        final JettyExchange exchange = new JettyExchange(request, response, callback, path, System.nanoTime());
        return router.serve(endpoint, limited, exchange) || super.handle(request, response, callback);
    }

    /**
     * A pixel request served by Jetty's core API. Its answer completes Jetty's callback, which ends the request;
     * until then Jetty leaves the request and response to us.
     */
    private final class JettyExchange extends AbstractPixelExchange {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long start;

        JettyExchange(final Request request, final Response response, final Callback callback, final String path,
                final long start) {
            super(request.getMethod(), path, request.getHttpURI().getQuery());
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.start = start;
            SecurityHeaders.apply(this::setHeader);
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
        void clearHeaders() {
            response.reset();
        }

        @Override
        void write(final int status, final String contentType, final byte[] body) {
            response.setStatus(status);
            final HttpFields.Mutable headers = response.getHeaders();
            if (contentType != null) {
                setHeader(HttpHeader.CONTENT_TYPE.asString(), contentType);
            }
            router.answered(method(), path(), status, start);
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
}
