package io.bakery.gateway.http;

import io.bakery.schemas.config.CorsConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Set;

/**
 * Which browser origins may call {@code /api/*}: only the configured ones get {@code Access-Control-Allow-Origin},
 * naming exactly that origin (never a wildcard), and never {@code Allow-Credentials}: the API authenticates by the
 * Authorization header, not by cookies, so a page of another origin cannot ride on a user's session. A refused
 * origin's preflight is 403; its simple requests are answered without CORS headers, so the browser hides the answer.
 */
public final class CorsPolicy {

    public static final String API_PATHS = "/api/*";
    static final String ALLOWED_METHODS = "GET, POST";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Content-Encoding, Idempotency-Key";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowedOrigins;

    public CorsPolicy(final CorsConfig config) {
        this.allowedOrigins = Set.copyOf(config.allowedOrigins());
    }

    /** Adds the CORS headers to the API's answers and answers its preflight requests. */
    public void register(final JavalinConfig config) {
        config.routes.before(API_PATHS, this::admit);
        config.routes.options(API_PATHS, this::preflight);
    }

    private void admit(final Context ctx) {
        // The answer depends on the Origin header: caches must not hand one origin's answer to another.
        ctx.header("Vary", "Origin");
        final String origin = ctx.header("Origin");
        if (origin != null && allowedOrigins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
        }
    }

    private void preflight(final Context ctx) {
        final String origin = ctx.header("Origin");
        if (origin == null || !allowedOrigins.contains(origin)) {
            ctx.status(HttpStatus.FORBIDDEN).json(java.util.Map.of("error", "origin not allowed"));
            return;
        }
        ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
        ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
