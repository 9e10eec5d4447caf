package io.bakery.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated pixel listener: the pixel endpoints of a {@link PixelRouter} on a port of their own, served by Netty
 * (HTTP/1.1, native epoll where it loads, Java NIO elsewhere), for the DMPs' sync traffic. The main port keeps
 * serving them too ({@link PixelHandler}), with everything else.
 *
 * <p>Why a second HTTP stack: a pixel answer is written after Kafka acknowledges the hit's event, from another
 * thread, and on 2 cores Jetty's cost for such an answer is about 47 us of the machine against Netty's 27.5
 * (bench/RESULTS.md, "the ceiling of an answer written later"): the difference is a fifth of what a stored hit costs,
 * and the pixel's throughput target (issue 3) needs it. The controllers are the same; only {@link PixelConnection}
 * and its exchange are Netty's.
 *
 * <p>One event loop per core. A connection handles one request at a time (pipelined requests wait their turn, see
 * {@link PixelConnection}); it is closed after {@link #IDLE_TIMEOUT} without traffic, as Jetty closes its idle ones.
 */
public final class PixelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PixelServer.class);
    /** A request line longer than this is answered 414; pixel URLs are a few hundred bytes. */
    static final int MAX_REQUEST_LINE = 8192;
    /** Headers beyond this are answered 431, as Jetty's default limit would. */
    static final int MAX_HEADER_BYTES = 8192;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final EventLoopGroup loops;
    private final Channel listener;

    private PixelServer(final EventLoopGroup loops, final Channel listener) {
        this.loops = loops;
        this.listener = listener;
    }

    /**
     * Starts serving {@code router}'s endpoints on {@code host:port} (0: a free port).
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static PixelServer start(final String host, final int port, final PixelRouter router) {
        final boolean epoll = Epoll.isAvailable();
        final int threads = Runtime.getRuntime().availableProcessors();
        final DefaultThreadFactory names = new DefaultThreadFactory("bakery-pixel", true);
        final EventLoopGroup loops = epoll ? new EpollEventLoopGroup(threads, names)
                : new NioEventLoopGroup(threads, names);
        final Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        try {
            final Channel listener = new ServerBootstrap().group(loops).channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(final SocketChannel channel) {
                            channel.pipeline().addLast(
                                    new IdleStateHandler(0, 0, IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                                    new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADER_BYTES, MAX_HEADER_BYTES),
                                    new PixelConnection(router));
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
            LOG.info("pixel listener on {} ({})", listener.localAddress(), epoll ? "epoll" : "nio");
            return new PixelServer(loops, listener);
        } catch (final RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot listen for pixels on " + host + ":" + port, e);
        }
    }

    /** The port the listener is bound to. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Stops accepting, then gives the event loops up to two seconds to write the answers still due (a hit whose
     * event is already durable keeps its answer).
     */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loops.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
