package io.bakery.gateway.auth;

import io.bakery.schemas.config.ApiKeyConfig.Scope;
import java.util.Set;

/**
 * Who called, as their API key says.
 *
 * @param keyId the key's configured id (for audit events; never the key)
 * @param clientId the client the key belongs to; null for an operator (admin) key
 * @param scopes what the key may do
 */
public record Caller(String keyId, String clientId, Set<Scope> scopes) {

    /** Whether this caller may act with {@code scope} on {@code clientId}'s data. */
    public boolean mayActFor(final String clientId, final Scope scope) {
        if (!scopes.contains(scope)) {
            return false;
        }
        // Operator keys may act on every client; a client's key only on its own client.
        return this.clientId == null || this.clientId.equals(clientId);
    }

    /** Whether this is an operator key. */
    public boolean isOperator() {
        return clientId == null;
    }
}
