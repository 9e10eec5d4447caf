package io.bakery.gateway.security;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.Sha256;
import java.util.Map;

/**
 * The world the security tests run in: two clients and two operators with one key per scope combination, so every
 * "wrong scope" case has a key to send.
 */
final class SecurityFixtures {

    /** Operator: admin and read. */
    static final String OPS_KEY = "sec-ops-key";
    /** Operator without admin: wrong scope for the intake routes. */
    static final String OPS_READ_KEY = "sec-ops-read-key";
    /** acme: upload and read. */
    static final String ACME_KEY = "sec-acme-key";
    /** acme: upload only, wrong scope for reads. */
    static final String ACME_UPLOAD_KEY = "sec-acme-upload-key";
    /** acme: read only, wrong scope for uploads. */
    static final String ACME_READ_KEY = "sec-acme-read-key";
    /** globex: upload and read, another client's key for acme's routes. */
    static final String GLOBEX_KEY = "sec-globex-key";

    static final String ALLOWED_ORIGIN = "https://app.acme.example";

    static final BakeryConfig CONFIG = BakeryConfig.parse("""
            cookie:
              domain: bakery.example
              signingKeys:
                - {id: k1, secret: test-only-secret-0123456789-0123456789}
            consent:
              vendorId: 1234
              storeWhenGdprUnknown: true
            cors:
              allowedOrigins: [%s]
            adminKeys:
              - {id: ops, sha256: %s, scopes: [admin, read]}
              - {id: ops-ro, sha256: %s, scopes: [read]}
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium]
                apiKeys:
                  - {id: acme-all, sha256: %s, scopes: [upload, read]}
                  - {id: acme-up, sha256: %s, scopes: [upload]}
                  - {id: acme-ro, sha256: %s, scopes: [read]}
              - id: globex
                dmp: snowplow
                partners: [globex-snowplow]
                cookieBounce: false
                apiKeys:
                  - {id: globex-all, sha256: %s, scopes: [upload, read]}
            """.formatted(ALLOWED_ORIGIN, Sha256.hex(OPS_KEY), Sha256.hex(OPS_READ_KEY), Sha256.hex(ACME_KEY),
            Sha256.hex(ACME_UPLOAD_KEY), Sha256.hex(ACME_READ_KEY), Sha256.hex(GLOBEX_KEY)), Map.of());

    private SecurityFixtures() {}
}
