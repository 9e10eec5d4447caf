package io.bakery.gateway.web;

import io.bakery.schemas.normalize.Sha256;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The web pages' files, served from the classpath folder {@code web/} (an allow-list: nothing else on the classpath
 * is reachable), with the headers that keep the pages self-contained: a Content-Security-Policy allowing scripts,
 * styles, workers and requests from this origin only (no inline script, no CDN), no sniffing, no referrer, and an
 * ETag so a browser revalidates instead of downloading again.
 */
public final class WebAssets {

    /** Where the pages' files are served. */
    public static final String ASSETS_PATH = "/web/{name}";
    /** The phone metadata document the page's normalizer needs. */
    public static final String PHONE_METADATA = "phone-metadata.json";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; worker-src 'self'; "
            + "connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private static final Map<String, String> FILES = Map.of(
            "onboarding.html", "text/html; charset=utf-8",
            "dashboard.html", "text/html; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "normalize.js", "text/javascript; charset=utf-8",
            "csv.js", "text/javascript; charset=utf-8",
            "hash-worker.js", "text/javascript; charset=utf-8",
            "onboarding.js", "text/javascript; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();
    private final Supplier<byte[]> phoneMetadata;

    /** Assets from the classpath, and the phone metadata from {@code phoneMetadata} (built on first use). */
    public WebAssets(final Supplier<byte[]> phoneMetadata) {
        this.phoneMetadata = phoneMetadata;
    }

    /** {@code GET /onboarding}. */
    public void onboarding(final Context ctx) {
        serve(ctx, "onboarding.html");
    }

    /** {@code GET /dashboard}. */
    public void dashboard(final Context ctx) {
        serve(ctx, "dashboard.html");
    }

    /** {@code GET /web/{name}}. */
    public void asset(final Context ctx) {
        final String name = ctx.pathParam("name");
        if (PHONE_METADATA.equals(name)) {
            send(ctx, loaded.computeIfAbsent(name, n -> phoneMetadata.get()), "application/json");
            return;
        }
        serve(ctx, name);
    }

    private void serve(final Context ctx, final String name) {
        final String type = FILES.get(name);
        if (type == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("not found");
            return;
        }
        send(ctx, loaded.computeIfAbsent(name, WebAssets::read), type);
    }

    private static void send(final Context ctx, final byte[] body, final String type) {
        final String etag = '"' + Sha256.hex(Sha256.newDigest().digest(body)).substring(0, 32) + '"';
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(type).result(body);
    }

    private static byte[] read(final String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web asset missing from the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
