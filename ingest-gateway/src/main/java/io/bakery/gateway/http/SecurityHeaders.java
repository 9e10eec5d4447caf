package io.bakery.gateway.http;

import io.javalin.config.JavalinConfig;
import java.util.function.BiConsumer;

/**
 * The security headers every response carries, pages, API and pixels alike: a Content-Security-Policy without
 * inline scripts, no MIME sniffing, no referrer, no framing. Set before the handler runs, so a handler with a
 * stricter policy of its own (the web pages' files) replaces the default, and error answers carry them too. The
 * pixel endpoints, served ahead of Javalin by {@link PixelHandler}, get them from there.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    public static final String DEFAULT_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    /** Adds the headers to every request {@code config}'s routes serve. */
    public static void register(final JavalinConfig config) {
        config.routes.before(ctx -> apply(ctx::header));
    }

    /**
     * Sets the headers through {@code header} (name, value): the Javalin routes and the pixel endpoints'
     * {@link PixelHandler} give the same ones.
     */
    static void apply(final BiConsumer<String, String> header) {
        header.accept(CONTENT_SECURITY_POLICY, DEFAULT_POLICY);
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("Referrer-Policy", "no-referrer");
        // Older browsers ignore frame-ancestors; this says the same to them.
        header.accept("X-Frame-Options", "DENY");
    }
}
