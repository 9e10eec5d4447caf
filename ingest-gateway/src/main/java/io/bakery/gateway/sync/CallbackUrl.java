package io.bakery.gateway.sync;

import io.bakery.schemas.config.ClientConfig;
import java.util.Optional;

/**
 * The client's configured callback URL for {@code read=true}, with our id filled in. Only configured URLs are
 * ever redirected to: no part of the request chooses the target, so the endpoint is no open redirect.
 */
public final class CallbackUrl {

    /** The placeholder replaced by the Bakery id. */
    public static final String BAKERY_ID_MACRO = "${BAKERY_ID}";

    private CallbackUrl() {}

    /** The URL to redirect to, or empty when the client has none configured. */
    public static Optional<String> forClient(final ClientConfig client, final String bakeryId) {
        if (client.callbackUrl() == null) {
            return Optional.empty();
        }
        return Optional.of(client.callbackUrl().replace(BAKERY_ID_MACRO, bakeryId));
    }
}
