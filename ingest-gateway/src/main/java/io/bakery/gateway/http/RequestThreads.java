package io.bakery.gateway.http;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's request threads: a small pool, and a bulkhead that keeps the servlet side from taking all of it.
 *
 * <p>Why small: Javalin's default pool grows to 250 threads, and under pixel load it did (a burst of readable
 * connections finds every thread busy for a moment, and the pool adds one), so on 2 cores some 250 threads took
 * turns serving pixel hits, each switch to a cold thread costing the CPU's caches. A pixel hit never blocks a
 * request thread (its answer is written when Kafka acknowledges), so a few threads serve it. Alternating runs of
 * {@code bench/pixel-cpu.sh} (bench/RESULTS.md, issue 3): 110-123 us of gateway CPU per hit with Javalin's pool,
 * 107 with 64 threads, 79-82 with {@value #MAX_THREADS}.
 *
 * <p>Why the bulkhead: what does block a thread is the servlet side, an upload reading its body for minutes or
 * waiting up to {@code uploads.waitForSlot} for a producer. Without a limit, a burst of uploads could hold every
 * thread and leave pixel hits queued behind them. At most {@value #SERVLET_REQUESTS} requests run in Javalin's
 * servlet context at once; more wait suspended, holding no thread, and are answered 503 after
 * {@link #SERVLET_WAIT_MAX}. The pixel endpoints are served ahead of the limit ({@link PixelHandler}), so they
 * keep the rest of the pool; the probes and {@code /metrics} pass it by, so a gateway busy with uploads still
 * answers its orchestrator and its scraper (a liveness probe stuck behind the limit would get it restarted).
 */
public final class RequestThreads {

    /** The pool's bound: the acceptor and the selector take one thread each. */
    static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 8;
    /** Requests in the servlet context at once; the pixel handler keeps at least the rest but the connector's two. */
    static final int SERVLET_REQUESTS = 8;
    /** How long a servlet request may wait for its turn before it is answered 503 (an upload's slot wait is 30 s). */
    static final Duration SERVLET_WAIT_MAX = Duration.ofSeconds(60);

    private RequestThreads() {}

    /** Gives {@code config}'s server the small pool, and the servlet context the bulkhead. */
    public static void register(final JavalinConfig config) {
        final QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("JettyServerThreadPool");
        config.jetty.threadPool = threads;
        config.jetty.modifyServer(RequestThreads::limitServletRequests);
    }

    /**
     * Puts the limit innermost in {@code server}'s chain of wrappers, where Javalin, when it starts, attaches its
     * servlet context as the limit's child; the pixel handler is the server's first handler, ahead of it.
     */
    private static void limitServletRequests(final Server server) {
        final QoSHandler limit = new QoSHandler();
        limit.setMaxRequestCount(SERVLET_REQUESTS);
        limit.setMaxSuspend(SERVLET_WAIT_MAX);
        limit.excludePath(HealthController.LIVENESS_PATH, HealthController.READINESS_PATH, MetricsController.PATH);
        final Handler.Singleton tail = server.getTail();
        if (tail.getHandler() != null) {
            throw new IllegalStateException("the server's innermost handler is taken: " + tail.getHandler());
        }
        tail.setHandler(limit);
    }
}
