package io.bakery.schemas.config;

import java.util.Set;

/**
 * An API key as the configuration holds it: never the key itself, only its SHA-256.
 *
 * @param id a name for logs and audit events (never the key)
 * @param sha256 SHA-256 of the key's UTF-8 bytes, lowercase hex
 * @param scopes what the key may do
 */
public record ApiKeyConfig(String id, String sha256, Set<Scope> scopes) {

    /** What a key may do. */
    public enum Scope {
        /** Upload CRM records for its client. */
        UPLOAD,
        /** Read its client's reports, statistics and export status. */
        READ,
        /** Operator actions across clients: identity-graph intake, erasures. */
        ADMIN;

        @com.fasterxml.jackson.annotation.JsonValue
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Scope fromConfigName(final String name) {
            return Scope.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public ApiKeyConfig {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }
}
