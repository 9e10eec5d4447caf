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
 * or by a bare Netty 4.1 HTTP handler on epoll with one event loop per core (a candidate for serving the pixel).
 * What the sync pixel can reach is below the framework's own ceiling.
 *
 * <p>Usage: {@code java -cp <launcher classpath>:<netty jars> bench/HttpCeiling.java jetty|jetty-sized|javalin|netty
 * PORT}
 */
public final class HttpCeiling {

    private static final byte[] GIF = new byte[43];
    private static final String COOKIE = "bky=ceiling; Max-Age=34128000; Path=/; SameSite=None; Secure; HttpOnly";
    private static final String NO_CACHE = "no-cache, no-store, must-revalidate";
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "jetty" -> jetty(new Server(), port, -1);
            case "jetty-sized" -> jetty(new Server(new QueuedThreadPool(8, 4)), port, CORES);
            case "javalin" -> javalin(port);
            case "netty" -> netty(port);
            default -> throw new IllegalArgumentException("jetty, jetty-sized, javalin or netty, not " + args[0]);
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
                response.write(true, ByteBuffer.wrap(GIF), callback);
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
                ctx.write(response);
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
