package io.bakery.schemas.config;

import java.util.List;

/**
 * How the Bakery id cookie is issued and verified.
 *
 * @param domain the cookie's Domain attribute; null for a host-only cookie
 * @param signingKeys HMAC keys; the first signs new cookies, every one verifies (so keys can rotate)
 */
public record CookieConfig(String domain, List<SigningKey> signingKeys) {

    /** An HMAC key with the id written into every cookie it signs. */
    public record SigningKey(String id, String secret) {
        @Override
        public String toString() {
            return "SigningKey[id=" + id + ", secret=***]";
        }
    }

    public CookieConfig {
        signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
    }
}
