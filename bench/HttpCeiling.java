import io.javalin.Javalin;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP ceiling of the gateway's stack on this machine, for bench/http-ceiling.sh: a pixel-shaped answer (43-byte
 * GIF, no-cache headers, a Set-Cookie) with no Bakery logic and no Kafka, served either by a bare Jetty 12 core
 * handler (with its default thread pool, or with one sized for this machine: 2 selectors, at most 8 threads), by a
 * bare Javalin route (Jetty + the servlet layer + Javalin's context and routing), the versions the gateway runs on,
 * or by a bare Netty 4.1 HTTP handler on epoll with one event loop per core (a candidate for serving the pixel);
 * {@code jetty-async} and {@code netty-async} answer as the gateway does, later and from another thread
 * ({@link LaterAnswers}), Jetty with the gateway's 16-thread pool.
 * What the sync pixel can reach is below the framework's own ceiling.
 *
 * <p>Usage: {@code java -cp <launcher classpath>:<netty jars> bench/HttpCeiling.java SERVER PORT}, SERVER one of
 * jetty, jetty-sized, javalin, netty, jetty-async, netty-async.
 */
public final class HttpCeiling {

    private static final byte[] GIF = new byte[43];
    private static final String COOKIE = "bky=ceiling; Max-Age=34128000; Path=/; SameSite=None; Secure; HttpOnly";
    private static final String NO_CACHE = "no-cache, no-store, must-revalidate";
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Null when answers are written by the thread that handles the request. */
    private static LaterAnswers later;

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "jetty" -> jetty(new Server(), port, -1);
            case "jetty-sized" -> jetty(new Server(new QueuedThreadPool(8, 4)), port, CORES);
            case "javalin" -> javalin(port);
            case "netty" -> netty(port);
            case "jetty-async" -> {
                later = new LaterAnswers();
                jetty(new Server(new QueuedThreadPool(16, 8)), port, -1);
            }
            case "netty-async" -> {
                later = new LaterAnswers();
                netty(port);
            }
            default -> throw new IllegalArgumentException(
                    "jetty, jetty-sized, javalin, netty, jetty-async or netty-async, not " + args[0]);
        }
        System.out.println("serving on " + port);
        Thread.currentThread().join();
    }

    /** {@code selectors} -1: Jetty's default. */
    private static void jetty(final Server server, final int port, final int selectors) throws Exception {
        final ServerConnector connector = new ServerConnector(server, 1, selectors);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(final Request request, final Response response, final Callback callback) {
                Request.extractQueryParameters(request).getValue("cookieid");
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/gif");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, NO_CACHE);
                response.getHeaders().put(HttpHeader.SET_COOKIE, COOKIE);
                final Runnable write = () -> response.write(true, ByteBuffer.wrap(GIF), callback);
                if (later == null) {
                    write.run();
                } else {
                    later.add(write);
                }
                return true;
            }
        });
        server.start();
    }

    private static void javalin(final int port) {
        Javalin.create(config -> {
            config.jetty.port = port;
            config.routes.get("/bakery/sync/dmpsyncendpoint", ctx -> {
                ctx.queryParam("cookieid");
                ctx.disableCompression();
                ctx.header("Cache-Control", NO_CACHE);
                ctx.header("Set-Cookie", COOKIE);
                ctx.contentType("image/gif").result(GIF);
            });
        }).start();
    }

    private static void netty(final int port) throws InterruptedException {
        new ServerBootstrap().group(new EpollEventLoopGroup(CORES)).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new PixelHandler());
                    }
                }).bind(port).sync();
    }

    /** Answers every request; the answers of one read are flushed together. */
    private static final class PixelHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final HttpObject message) {
            if (message instanceof HttpRequest request) {
                new QueryStringDecoder(request.uri()).parameters().get("cookieid");
                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK, Unpooled.wrappedBuffer(GIF));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "image/gif")
                        .set(HttpHeaderNames.CACHE_CONTROL, NO_CACHE)
                        .set(HttpHeaderNames.SET_COOKIE, COOKIE)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, GIF.length);
                if (later == null) {
                    ctx.write(response);
                } else {
                    later.add(() -> ctx.writeAndFlush(response));
                }
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /**
     * The shape of the gateway's answers: a request is answered after Kafka acknowledges its event, by another thread
     * and a burst at a time. Here one thread writes every pending answer each millisecond.
     */
    private static final class LaterAnswers {
        private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();

        LaterAnswers() {
            Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(this::writePending, 1, 1,
                    TimeUnit.MILLISECONDS);
        }

        void add(final Runnable write) {
            pending.add(write);
        }

        private void writePending() {
            for (Runnable write = pending.poll(); write != null; write = pending.poll()) {
                write.run();
            }
        }
    }
}
