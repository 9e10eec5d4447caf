package io.bakery.gateway.auth;

import io.bakery.schemas.normalize.Sha256;

/** A configuration with two clients and an operator, and the plain keys the tests send. */
public final class TestApiKeys {

    /** Keys: ops-key (admin, read), acme-key (upload, read), acme-read-key (read), globex-key (upload, read). */
    public static final String CONFIG_TEXT = """
            adminKeys:
              - {id: ops, sha256: %s, scopes: [admin, read]}
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium]
                apiKeys:
                  - {id: acme-up, sha256: %s, scopes: [upload, read]}
                  - {id: acme-ro, sha256: %s, scopes: [read]}
              - id: globex
                dmp: selligent
                partners: [globex-selligent]
                apiKeys:
                  - {id: globex-up, sha256: %s, scopes: [upload, read]}
            """.formatted(Sha256.hex("ops-key"), Sha256.hex("acme-key"), Sha256.hex("acme-read-key"),
            Sha256.hex("globex-key"));

    private TestApiKeys() {}
}
