import io.javalin.Javalin;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP ceiling of the gateway's stack on this machine, for bench/http-ceiling.sh: a pixel-shaped answer (43-byte
 * GIF, no-cache headers, a Set-Cookie) with no Bakery logic and no Kafka, served either by a bare Jetty 12 core
 * handler or by a bare Javalin route (Jetty + the servlet layer + Javalin's context and routing), the versions the
 * gateway runs on. What the sync pixel can reach is below the framework's own ceiling.
 *
 * <p>Usage: {@code java -cp <launcher classpath> bench/HttpCeiling.java jetty|javalin PORT}
 */
public final class HttpCeiling {

    private static final byte[] GIF = new byte[43];
    private static final String COOKIE = "bky=ceiling; Max-Age=34128000; Path=/; SameSite=None; Secure; HttpOnly";
    private static final String NO_CACHE = "no-cache, no-store, must-revalidate";

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "jetty" -> jetty(port);
            case "javalin" -> javalin(port);
            default -> throw new IllegalArgumentException("jetty or javalin, not " + args[0]);
        }
        System.out.println("serving on " + port);
        Thread.currentThread().join();
    }

    private static void jetty(final int port) throws Exception {
        final Server server = new Server();
        final ServerConnector connector = new ServerConnector(server);
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
}
