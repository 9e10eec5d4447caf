package io.bakery.gateway.badinput;

import io.bakery.schemas.normalize.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded generator of malformed requests for every endpoint: odd and huge parameters, broken percent-encodings
 * and UTF-8, wrong methods and content types, lying or truncated bodies, gzip bombs, CSV injection values, header
 * floods, path tricks, forged cookies and keys. Every request is one that the gateway must refuse or answer without
 * storing anything: no generated request is a valid pixel hit, and no body reaches an upload transaction (no key, a
 * forged key, or a parameter refused before the body is read).
 */
final class MalformedRequests {

    /** One request as bytes on the wire. */
    record Request(String kind, byte[] bytes, boolean head, boolean truncated) {}

    static final String ACME_KEY = "sec-acme-key";
    /** The kind of a request in an HTTP version the server does not speak: RFC 9110 answers it 505. */
    static final String UNSUPPORTED_VERSION = "unsupported-version";

    private static final List<String> PIXEL_PATHS = List.of("/bakery/sync/dmpsyncendpoint", "/bakery/id",
            "/bakery/optout");
    private static final List<String> API_PATHS = List.of("/api/v1/clients/acme/uploads",
            "/api/v1/clients/acme/uploads/u-1", "/api/v1/identity-links", "/api/v1/identity-links/uploads/x",
            "/api/v1/clients/acme/upload-sessions", "/api/v1/clients/acme/upload-sessions/s/complete",
            "/api/v1/me", "/api/v1/clients/acme/funnel", "/api/v1/clients/globex/exports",
            "/api/v1/clients/acme/recent-uploads");
    private static final List<String> OTHER_PATHS = List.of("/", "/healthz", "/readyz", "/metrics", "/robots.txt",
            "/onboarding", "/dashboard", "/web/onboarding.js", "/web/../pom.xml", "/web/%2e%2e%2fpom.xml",
            "/web/%00", "//api//v1//me", "/api/v1/clients/%ff%fe/uploads", "/bakery/sync/../../etc/passwd");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "TRACE",
            "CONNECT", "PROPFIND", "G E T", "FOO\u0001");
    private static final List<String> CONTENT_TYPES = List.of("text/csv", "application/x-ndjson",
            "application/json", "multipart/form-data; boundary=x", "text/csv; charset=latin1", "image/gif", "",
            "text/csv; charset=utf-8; boundary=\"", "*/*");
    private static final List<String> ODD_VALUES = List.of("%", "%z", "%zz", "%e9", "%c3%28", "%ff%fe%fd",
            "%00", "%0d%0aSet-Cookie:%20x=1", "\u00ff", "=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|' /C calc'!A0",
            "@SUM(1)", "-2+3", "'; DROP TABLE x; --", "<script>alert(1)</script>", "../../../../etc/passwd",
            "${jndi:ldap://x/a}", "{{7*7}}", "%25%32%35", "\t", "null", "undefined", "NaN", "-1",
            "99999999999999999999999999", "0x41", "true");

    private final Random random;
    private final byte[] gzipBomb;

    MalformedRequests(final long seed) {
        this.random = new Random(seed);
        this.gzipBomb = gzipOfZeros(32 * 1024 * 1024);
    }

    Request next() {
        final int roll = random.nextInt(100);
        if (roll < 30) {
            return oddPixelHit();
        }
        if (roll < 40) {
            return wrongMethod();
        }
        if (roll < 60) {
            return unauthorizedApiCall();
        }
        if (roll < 72) {
            return refusedBeforeTheBody();
        }
        if (roll < 80) {
            return oddPath();
        }
        if (roll < 85) {
            return headerFlood();
        }
        if (roll < 90) {
            return brokenFraming();
        }
        if (roll < 93) {
            return truncatedBody();
        }
        if (roll < 95) {
            return forgedCookie();
        }
        return rawGarbage();
    }

    /** A pixel hit whose parameters can never be a valid hit: unknown partner, bad cookie id or hash. */
    private Request oddPixelHit() {
        final String path = pick(PIXEL_PATHS);
        final String query = switch (path) {
            case "/bakery/sync/dmpsyncendpoint" -> random.nextBoolean()
                    ? "partner=" + odd() + "&cookieid=" + odd() + "&site=" + odd()
                    : "partner=acme-tealium&site=x&gdpr=" + odd() + "&gdpr_consent=" + odd() + badCookieId();
            case "/bakery/id" -> pick(List.of("email_sha256", "phone_sha256", "address_sha256"))
                    + "=" + badHash() + "&f=" + odd();
            default -> "x=" + odd();
        };
        return get(path + "?" + query, random.nextInt(10) == 0 ? "Cookie: bakery_id=" + odd() + "\r\n" : "");
    }

    private Request wrongMethod() {
        final String method = pick(METHODS.subList(1, METHODS.size()));
        final String path = random.nextBoolean() ? pick(PIXEL_PATHS) + "?partner=acme-tealium&cookieid=x"
                : pick(OTHER_PATHS);
        return request(method, path, "Content-Type: " + pick(CONTENT_TYPES) + "\r\n", smallBody());
    }

    /** Any API route, any method, any body: no key, a forged key, another scheme, or a key-shaped blob. */
    private Request unauthorizedApiCall() {
        final String authorization = switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "Authorization: Bearer " + ACME_KEY + "x\r\n";
            case 2 -> "Authorization: Basic YWNtZTphY21l\r\n";
            case 3 -> "Authorization: Bearer \r\n";
            case 4 -> "Authorization: Bearer " + "k".repeat(1 + random.nextInt(4000)) + "\r\n";
            default -> "Authorization: bearer " + odd() + "\r\n";
        };
        final String path = pick(API_PATHS) + "?mode=" + pick(List.of("add", "remove", "replace-all", odd()));
        final boolean bomb = random.nextInt(10) == 0;
        final String encoding = bomb || random.nextInt(8) == 0 ? "Content-Encoding: gzip\r\n" : "";
        final byte[] body = bomb ? gzipBomb : random.nextBoolean() ? csvInjection() : smallBody();
        return request(random.nextBoolean() ? "POST" : "GET", path,
                authorization + encoding + "Content-Type: " + pick(CONTENT_TYPES) + "\r\n", body);
    }

    /** A valid key, but a parameter or type the gateway refuses before it reads the body. */
    private Request refusedBeforeTheBody() {
        final String auth = "Authorization: Bearer " + ACME_KEY + "\r\n";
        return switch (random.nextInt(6)) {
            case 0 -> request("POST", "/api/v1/clients/acme/uploads?mode=" + odd(), auth
                    + "Content-Type: text/csv\r\n", csvInjection());
            case 1 -> request("POST", "/api/v1/clients/acme/uploads?mode=add", auth
                    + "Content-Type: " + pick(List.of("application/json", "image/gif", "text/html", "x/y")) + "\r\n",
                    random.nextBoolean() ? csvInjection() : gzipBomb);
            case 2 -> request("POST", "/api/v1/clients/acme/uploads?mode=add&session=" + encodedOdd() + "&part=x" + encodedOdd(),
                    auth + "Content-Type: text/csv\r\n", csvInjection());
            case 3 -> request("POST", "/api/v1/clients/acme/upload-sessions/" + odd() + "/complete?mode=" + odd(),
                    auth, smallBody());
            case 4 -> get("/api/v1/clients/acme/uploads/" + odd(), auth);
            default -> get("/api/v1/clients/acme/upload-sessions/" + odd(), auth);
        };
    }

    private Request oddPath() {
        final String path = random.nextBoolean() ? pick(OTHER_PATHS) : "/" + odd() + "/" + odd();
        return get(path + (random.nextBoolean() ? "?" + odd() + "=" + odd() : ""), "");
    }

    /** Many headers, one huge header, or a huge URL. */
    private Request headerFlood() {
        final StringBuilder headers = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int i = 0, n = 50 + random.nextInt(400); i < n; i++) {
                    headers.append("X-Flood-").append(i).append(": ").append(i).append("\r\n");
                }
            }
            case 1 -> headers.append("Cookie: ").append("a=b; ".repeat(1000 + random.nextInt(4000))).append("\r\n");
            default -> {
                return get(pick(PIXEL_PATHS) + "?partner=" + "p".repeat(5_000 + random.nextInt(60_000)), "");
            }
        }
        return get(pick(PIXEL_PATHS) + "?partner=nobody", headers.toString());
    }

    /** Request framing a server must refuse: both length headers, bad chunk sizes, bad versions, bad lengths. */
    private Request brokenFraming() {
        final String path = pick(API_PATHS);
        if (random.nextInt(5) == 0) {
            return new Request(UNSUPPORTED_VERSION, ("GET " + path + " HTTP/9.9\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1), false, false);
        }
        final String text = switch (random.nextInt(4)) {
            case 0 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                    + "\r\n0\r\n\r\n";
            case 1 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n";
            case 2 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n";
            default -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n";
        };
        return new Request("broken-framing", text.getBytes(StandardCharsets.ISO_8859_1), false, false);
    }

    /** A body shorter than its Content-Length, then the connection closes. */
    private Request truncatedBody() {
        final byte[] body = csvInjection();
        final String head = "POST " + pick(API_PATHS) + "?mode=add HTTP/1.1\r\nHost: x\r\n"
                + (random.nextBoolean() ? "" : "Authorization: Bearer forged\r\n")
                + "Content-Type: text/csv\r\nContent-Length: " + (body.length * 2) + "\r\n\r\n";
        return new Request("truncated", concat(head.getBytes(StandardCharsets.ISO_8859_1), body), false, true);
    }

    /** The opt-out and sync endpoints with a Bakery id cookie whose id or signature was edited. */
    private Request forgedCookie() {
        final String cookie = switch (random.nextInt(3)) {
            case 0 -> "0123456789abcdef0123456789abcdef.k1." + Sha256.hex("forged").substring(0, 43);
            case 1 -> "0123456789abcdef0123456789abcdef";
            default -> odd() + "." + odd() + "." + odd();
        };
        return get(random.nextBoolean() ? "/bakery/optout" : "/bakery/sync/dmpsyncendpoint?partner=nobody",
                "Cookie: bakery_id=" + cookie + "\r\n");
    }

    /** Bytes that are no HTTP at all, or invalid UTF-8 and control bytes in the request line. */
    private Request rawGarbage() {
        final byte[] bytes;
        if (random.nextBoolean()) {
            bytes = concat("GET /bakery/sync/dmpsyncendpoint?partner=".getBytes(StandardCharsets.ISO_8859_1),
                    concat(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, 0x01, 0x7f},
                            " HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        } else {
            final byte[] noise = new byte[16 + random.nextInt(200)];
            random.nextBytes(noise);
            bytes = concat(noise, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Request("garbage", bytes, false, false);
    }

    private Request get(final String path, final String headers) {
        return new Request("GET", ("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.UTF_8), false, false);
    }

    private Request request(final String method, final String path, final String headers, final byte[] body) {
        final String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: "
                + body.length + "\r\n\r\n";
        return new Request(method, concat(head.getBytes(StandardCharsets.UTF_8), body), false, false);
    }

    private String odd() {
        if (random.nextInt(20) == 0) {
            return pick(ODD_VALUES).repeat(50 + random.nextInt(200));
        }
        return pick(ODD_VALUES).replace(" ", "%20").replace("|", "%7C").replace("'", "%27");
    }

    /**
     * An odd value, correctly percent-encoded, so the refusal tested is the parameter's own check rather than the
     * query string guard's.
     */
    private String encodedOdd() {
        return java.net.URLEncoder.encode(pick(ODD_VALUES), StandardCharsets.UTF_8);
    }

    /** No cookie id, an empty one, or one with control characters: never a storable id, even a lenient one. */
    private String badCookieId() {
        return pick(List.of("", "&cookieid=", "&cookieid=%00", "&cookieid=abc%01def", "&cookieid=%0d%0a",
                "&cookieid=a%7fb"));
    }

    private String badHash() {
        return pick(List.of("", "abc", Sha256.hex("x").toUpperCase().substring(1), "g".repeat(64),
                Sha256.hex("y") + "00", "%zz"));
    }

    private byte[] csvInjection() {
        final StringBuilder csv = new StringBuilder("record_id,email_sha256\n");
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            csv.append(pick(ODD_VALUES)).append(',').append(pick(ODD_VALUES)).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] smallBody() {
        final byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        return body;
    }

    private <T> T pick(final List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] gzipOfZeros(final int size) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(new byte[size]);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
