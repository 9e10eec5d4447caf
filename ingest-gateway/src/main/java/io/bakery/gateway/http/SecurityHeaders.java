package io.bakery.gateway.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * The security headers every response carries, pages, API and pixels alike: a Content-Security-Policy without
 * inline scripts, no MIME sniffing, no referrer, no framing. Set before the handler runs, so a handler with a
 * stricter policy of its own (the web pages' files) replaces the default, and error answers carry them too.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    public static final String DEFAULT_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    /** Adds the headers to every request {@code config} serves. */
    public static void register(final JavalinConfig config) {
        config.routes.before(SecurityHeaders::apply);
    }

    static void apply(final Context ctx) {
        ctx.header(CONTENT_SECURITY_POLICY, DEFAULT_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        // Older browsers ignore frame-ancestors; this says the same to them.
        ctx.header("X-Frame-Options", "DENY");
    }
}
