package io.bakery.gateway.auth;

import io.bakery.schemas.config.ApiKeyConfig;
import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.normalize.Sha256;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <key>} against the SHA-256 hashes of the configured keys. No or an unknown
 * key is 401 (who are you?); a known key without the scope, or of another client, is 403 (you may not).
 */
public final class ApiKeyAuthenticator {

    private static final String BEARER = "Bearer ";

    private final Map<String, Caller> callersByKeyHash = new HashMap<>();

    public ApiKeyAuthenticator(final BakeryConfig config) {
        for (final ClientConfig client : config.clients()) {
            for (final ApiKeyConfig key : client.apiKeys()) {
                callersByKeyHash.put(key.sha256(), new Caller(key.id(), client.id(), key.scopes()));
            }
        }
        for (final ApiKeyConfig key : config.adminKeys()) {
            callersByKeyHash.put(key.sha256(), new Caller(key.id(), null, key.scopes()));
        }
    }

    /** The caller the header names, if its key is known. */
    public Optional<Caller> authenticate(final String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        final String key = authorization.substring(BEARER.length()).strip();
        // Looked up by the key's hash: the map never holds a key, and a lookup reveals nothing about other keys.
        return key.isEmpty() ? Optional.empty() : Optional.ofNullable(callersByKeyHash.get(Sha256.hex(key)));
    }

    /**
     * The caller if it may act with {@code scope} for {@code clientId} (null: an operator-only action, which needs
     * an operator key); otherwise answers 401 or 403 on {@code ctx} and returns empty.
     */
    public Optional<Caller> require(final Context ctx, final String clientId, final Scope scope) {
        final Optional<Caller> caller = authenticate(ctx.header("Authorization"));
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            deny(ctx, HttpStatus.UNAUTHORIZED, "a valid API key is required: Authorization: Bearer <key>");
            return Optional.empty();
        }
        final boolean allowed = clientId == null
                ? caller.get().isOperator() && caller.get().scopes().contains(scope)
                : caller.get().mayActFor(clientId, scope);
        if (!allowed) {
            deny(ctx, HttpStatus.FORBIDDEN, "this API key may not " + scope.configName()
                    + (clientId == null ? " as an operator" : " for client " + clientId));
            return Optional.empty();
        }
        return caller;
    }

    private static void deny(final Context ctx, final HttpStatus status, final String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
