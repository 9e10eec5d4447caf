package io.bakery.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a pixel exchange is whichever server read it ({@link PixelHandler}'s Jetty, {@link PixelServer}'s Netty):
 * the path and query as sent, the query parameters decoded once, one answer at most, and what a failing controller
 * gets (500, none of the headers it had set). A server adds the reading of headers, cookies and the peer, and the
 * writing of an answer.
 *
 * <p>A subclass applies the {@link SecurityHeaders} at the end of its constructor, once its response exists.
 */
abstract class AbstractPixelExchange implements PixelExchange {

    private static final byte[] SERVER_ERROR = "server error".getBytes(StandardCharsets.UTF_8);

    private final String method;
    private final String path;
    private final String query;
    private final AtomicBoolean answered = new AtomicBoolean();
    /** The first decodable value of each query parameter, read at the first ask. */
    private Map<String, String> params;

    AbstractPixelExchange(final String method, final String path, final String query) {
        this.method = method;
        this.path = path;
        this.query = query;
    }

    /** The request's method. */
    final String method() {
        return method;
    }

    @Override
    public final String path() {
        return path;
    }

    @Override
    public final String queryString() {
        return query;
    }

    @Override
    public final String queryParam(final String name) {
        if (params == null) {
            params = PixelRouter.firstValues(query);
        }
        return params.get(name);
    }

    @Override
    public final boolean answer(final int status, final String contentType, final byte[] body) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        write(status, contentType, body);
        return true;
    }

    @Override
    public final void fail(final Throwable error) {
        PixelRouter.logFailure(method, path, error);
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        // Nothing a controller set before it failed (a cookie, a redirect) goes out with the error.
        clearHeaders();
        SecurityHeaders.apply(this::setHeader);
        PixelResponses.noCache(this);
        write(500, PixelResponses.TEXT, SERVER_ERROR);
    }

    /** Drops every response header set so far. */
    abstract void clearHeaders();

    /** Sends the answer: status, the headers set so far, {@code body} typed {@code contentType} (both may be null). */
    abstract void write(int status, String contentType, byte[] body);
}
