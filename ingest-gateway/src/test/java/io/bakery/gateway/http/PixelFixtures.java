package io.bakery.gateway.http;

import com.iabtcf.encoder.TCStringEncoder;
import io.bakery.gateway.cookie.BakeryIdCookie;
import io.bakery.gateway.kafka.EventSink;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** A small world for pixel handler tests: two clients, one signing key, consent vendor 1234. */
public final class PixelFixtures {

    public static final int VENDOR_ID = 1234;
    public static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    public static final String TEALIUM_ID = "0162974812345abcdef0123456789abcdef0123456789";
    public static final String SNOWPLOW_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    public static final String BAKERY_ID = "0123456789abcdef0123456789abcdef";

    private static final String YAML = String.join("\n",
            "cookie:",
            "  domain: bakery.example",
            "  signingKeys:",
            "    - id: k1",
            "      secret: test-only-secret-0123456789-0123456789",
            "consent:",
            "  vendorId: " + VENDOR_ID,
            "  storeWhenGdprUnknown: true",
            "clients:",
            "  - id: acme",
            "    dmp: tealium",
            "    partners: [acme-tealium]",
            "    callbackUrl: https://dmp.example/sync?da=${BAKERY_ID}",
            "  - id: stark",
            "    dmp: snowplow",
            "    partners: [stark-snowplow]",
            "    cookieBounce: false",
            "");

    public static final BakeryConfig CONFIG = BakeryConfig.parse(YAML, Map.of());
    /** The same world with a per-IP limit on the pixel endpoints: one hit per address, then a 1000 s wait. */
    public static final BakeryConfig ONE_HIT_PER_IP = BakeryConfig.parse(YAML
            + "rateLimit:\n  perSecond: 0.001\n  burst: 1\n", Map.of());

    public static final BakeryIdCookie COOKIES = new BakeryIdCookie(CONFIG.cookie());

    private PixelFixtures() {}

    /** An app with the pixel routes publishing into {@code sink}. */
    public static Javalin app(final EventSink sink, final GatewayMetrics metrics) {
        return app(CONFIG, sink, metrics);
    }

    /** An app with the pixel routes configured by {@code bakery}, publishing into {@code sink}. */
    public static Javalin app(final BakeryConfig bakery, final EventSink sink, final GatewayMetrics metrics) {
        final PixelContext pixel = PixelContext.of(bakery, sink, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            PixelRoutes.register(config, pixel);
        });
    }

    /** A {@code Cookie} header carrying a validly signed Bakery id. */
    public static String bakeryCookie(final String bakeryId) {
        return BakeryIdCookie.NAME + "=" + COOKIES.encode(bakeryId);
    }

    /** A TCF v2 consent string granting the given purpose and vendor. */
    public static String tcString(final int purpose, final int vendor) {
        return TCStringEncoder.newBuilder()
                .version(2)
                .created(NOW)
                .lastUpdated(NOW)
                .cmpId(7)
                .cmpVersion(1)
                .consentScreen(1)
                .consentLanguage("EN")
                .vendorListVersion(100)
                .tcfPolicyVersion(4)
                .addPurposesConsent(purpose)
                .addVendorConsent(vendor)
                .encode();
    }
}
