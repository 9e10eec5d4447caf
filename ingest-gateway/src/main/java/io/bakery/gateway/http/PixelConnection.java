package io.bakery.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the {@link PixelServer}: its requests go to the {@link PixelRouter} one at a time, in order.
 *
 * <p>Why one at a time: an answer may be written long after its request was read (once Kafka has the event), and
 * HTTP/1.1 answers must leave in the order their requests came. A request that arrives pipelined behind one still
 * being answered waits in this connection's queue; with {@link #MAX_WAITING} waiting, the connection stops reading
 * until they are served. Request bodies are not read (no pixel endpoint has one) and are dropped as they come.
 *
 * <p>All state is the event loop's: an answer completed on another thread is handed to the loop to be written.
 */
final class PixelConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PixelConnection.class);
    /** Pipelined requests a connection holds before it stops reading. */
    static final int MAX_WAITING = 16;
    private static final byte[] NOT_FOUND = "not found".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_ALLOWED = "method not allowed".getBytes(StandardCharsets.UTF_8);

    private final PixelRouter router;
    private final Queue<HttpRequest> waiting = new ArrayDeque<>();
    /** A request of this connection is being served (its answer not yet written). */
    private boolean busy;
    private ChannelHandlerContext ctx;

    PixelConnection(final PixelRouter router) {
        this.router = router;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(final ChannelHandlerContext context, final Object message) {
        try {
            if (message instanceof HttpRequest request) {
                if (!busy) {
                    serve(request);
                } else {
                    waiting.add(request);
                    if (waiting.size() >= MAX_WAITING) {
                        context.channel().config().setAutoRead(false);
                    }
                }
            }
        } finally {
            // Body chunks (and a request's own content) are not read by any pixel endpoint.
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext context, final Object event) {
        if (event instanceof IdleStateEvent && !busy) {
            context.close();
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause) {
        // A peer resetting its connection is routine; only the type is logged (no request data).
        LOG.debug("pixel connection closed on {}", cause.getClass().getName());
        context.close();
    }

    private void serve(final HttpRequest request) {
        busy = true;
        final long start = System.nanoTime();
        final String uri = request.uri();
        final int queryAt = uri.indexOf('?');
        final String path = queryAt < 0 ? uri : uri.substring(0, queryAt);
        final NettyExchange exchange = new NettyExchange(request, path,
                queryAt < 0 ? null : uri.substring(queryAt + 1), start);
        if (request.decoderResult().isFailure()) {
            refuseUnreadable(exchange, request.decoderResult().cause());
            return;
        }
        if (!path.startsWith("/")) {
            exchange.answer(400, PixelResponses.TEXT, "request target must be a path".getBytes(StandardCharsets.UTF_8));
            return;
        }
        final String route = PixelRouter.route(path);
        final boolean limited = router.limited(route);
        if (!router.serve(router.endpoint(request.method().name(), route), limited, exchange)) {
            if (router.isPixelPath(route)) {
                exchange.answer(405, PixelResponses.TEXT, NOT_ALLOWED);
            } else {
                exchange.answer(404, PixelResponses.TEXT, NOT_FOUND);
            }
        }
    }

    /** A request Netty could not read: the connection is closed after the answer, as its framing is lost. */
    private static void refuseUnreadable(final NettyExchange exchange, final Throwable cause) {
        final String reason;
        final int status;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            reason = "request line longer than " + PixelServer.MAX_REQUEST_LINE + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            reason = "request headers longer than " + PixelServer.MAX_HEADER_BYTES + " bytes";
        } else {
            status = 400;
            reason = "malformed HTTP request";
        }
        exchange.closeAfterAnswer = true;
        exchange.answer(status, PixelResponses.TEXT, reason.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code response} on the event loop, then serves the next waiting request. */
    private void send(final FullHttpResponse response, final boolean keepAlive) {
        if (ctx.executor().inEventLoop()) {
            write(response, keepAlive);
            return;
        }
        try {
            ctx.executor().execute(() -> write(response, keepAlive));
        } catch (final RejectedExecutionException e) {
            // The server is stopping and its loops are gone: the connection goes with them, its event is stored.
            ReferenceCountUtil.release(response);
        }
    }

    private void write(final FullHttpResponse response, final boolean keepAlive) {
        if (!keepAlive) {
            waiting.clear();
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
        busy = false;
        final HttpRequest next = waiting.poll();
        if (next != null) {
            serve(next);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A pixel request read by Netty; its answer may be completed on any thread, once. */
    private final class NettyExchange extends AbstractPixelExchange {

        private final HttpRequest request;
        private final long start;
        private final HttpHeaders headers = new DefaultHttpHeaders();
        /** Set for an answer after which the connection cannot be read any further. */
        private boolean closeAfterAnswer;

        NettyExchange(final HttpRequest request, final String path, final String query, final long start) {
            super(request.method().name(), path, query);
            this.request = request;
            this.start = start;
            SecurityHeaders.apply(this::setHeader);
        }

        @Override
        public String header(final String name) {
            return request.headers().get(name);
        }

        @Override
        public String cookie(final String name) {
            for (final String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
                // Lax: a malformed cookie elsewhere on the domain is skipped, not a reason to drop ours.
                for (final Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
                    if (cookie.name().equals(name)) {
                        return cookie.value();
                    }
                }
            }
            return null;
        }

        @Override
        public String remoteAddress() {
            final SocketAddress peer = ctx.channel().remoteAddress();
            if (peer instanceof InetSocketAddress address) {
                return address.getAddress() != null ? address.getAddress().getHostAddress()
                        : address.getHostString();
            }
            return String.valueOf(peer);
        }

        @Override
        public void setHeader(final String name, final String value) {
            headers.set(name, value);
        }

        @Override
        public void addHeader(final String name, final String value) {
            headers.add(name, value);
        }

        @Override
        void clearHeaders() {
            headers.clear();
        }

        @Override
        void write(final int status, final String contentType, final byte[] body) {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), body == null ? Unpooled.EMPTY_BUFFER
                            : Unpooled.wrappedBuffer(body), headers, EmptyHttpHeaders.INSTANCE);
            if (contentType != null) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            if (status != 204 && status != 304) {
                // A HEAD answer keeps the length of the GET's body; the codec leaves the body out.
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
            }
            final boolean keepAlive = !closeAfterAnswer && HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            router.answered(method(), path(), status, start);
            send(response, keepAlive);
        }
    }
}
