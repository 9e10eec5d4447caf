package io.bakery.launcher.demo;

import com.iabtcf.encoder.TCStringEncoder;
import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.launcher.world.World;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Replays a world's pixel hits against the gateway as a browser would: real HTTP GETs with the {@code bkry}
 * cookie (signed with the configured key, as the gateway issued it on an earlier visit), consent parameters or
 * the GPC header, and the cookie bounce followed with or without the cookie the gateway set.
 */
final class PixelTraffic {

    private final String gatewayUrl;
    private final BakeryIdCookie cookies;
    private final int vendorId;
    private final int concurrency;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    PixelTraffic(final String gatewayUrl, final BakeryIdCookie cookies, final int vendorId, final int concurrency) {
        this.gatewayUrl = gatewayUrl;
        this.cookies = cookies;
        this.vendorId = vendorId;
        this.concurrency = concurrency;
    }

    /** Sends every hit of {@code client}; returns how many requests were made (bounces included). */
    long send(final World.ClientWorld client, final LongConsumer progress) throws IOException, InterruptedException {
        final List<String> lines = Files.readAllLines(client.hits(), StandardCharsets.UTF_8);
        final String granted = tcString(true);
        final String noVendor = tcString(false);
        final AtomicLong requests = new AtomicLong();
        final ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            final List<Future<?>> done = new java.util.ArrayList<>();
            for (final String line : lines.subList(1, lines.size())) {
                done.add(pool.submit(() -> {
                    requests.addAndGet(hit(line.split(",", -1), granted, noVendor));
                    return null;
                }));
            }
            for (final Future<?> f : done) {
                f.get();
                progress.accept(requests.get());
            }
        } catch (final java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("pixel hit failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return requests.get();
    }

    private int hit(final String[] f, final String granted, final String noVendor) throws IOException, InterruptedException {
        final String partner = f[1];
        final String cookieId = f[2];
        final String bakeryId = f[3];
        final boolean keepsCookies = Boolean.parseBoolean(f[4]);
        final String consent = f[5];
        String query = "partner=" + enc(partner) + "&cookieid=" + enc(cookieId) + "&f=b";
        query += switch (consent) {
            case "gdpr-granted" -> "&gdpr=1&gdpr_consent=" + enc(granted);
            case "gdpr-no-vendor" -> "&gdpr=1&gdpr_consent=" + enc(noVendor);
            default -> "";
        };
        final String cookie = bakeryId.isEmpty() ? null : BakeryIdCookie.NAME + "=" + cookies.encode(bakeryId);
        HttpResponse<Void> response = get(gatewayUrl + "/bakery/sync/dmpsyncendpoint?" + query, cookie, consent);
        int requests = 1;
        if (response.statusCode() == 302) {
            // The bounce: a browser that keeps third-party cookies comes back with the one just set.
            final String setCookie = response.headers().firstValue("Set-Cookie").orElse("");
            final String returned = keepsCookies && !setCookie.isEmpty() ? setCookie.split(";", 2)[0] : null;
            final String location = response.headers().firstValue("Location").orElseThrow();
            response = get(location.startsWith("http") ? location : gatewayUrl + location, returned, consent);
            requests++;
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("sync pixel answered " + response.statusCode());
        }
        return requests;
    }

    private HttpResponse<Void> get(final String url, final String cookie, final String consent)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if ("gpc".equals(consent)) {
            request.header("Sec-GPC", "1");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private String tcString(final boolean withOurVendor) {
        final Instant at = Instant.parse("2024-01-01T00:00:00Z");
        final TCStringEncoder.Builder builder = TCStringEncoder.newBuilder()
                .version(2).created(at).lastUpdated(at).cmpId(2).cmpVersion(1).consentScreen(1)
                .consentLanguage("EN").vendorListVersion(100).tcfPolicyVersion(4)
                .addPurposesConsent(1)
                .addVendorConsent(withOurVendor ? vendorId : vendorId + 1);
        return builder.encode();
    }

    private static String enc(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
