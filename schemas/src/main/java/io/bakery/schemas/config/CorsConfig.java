package io.bakery.schemas.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which web origins may call the gateway's {@code /api/*} routes from a browser. Empty (the default): no origin but
 * the gateway's own; the gateway's own pages never need CORS.
 *
 * @param allowedOrigins exact origins such as {@code https://app.client.example} (scheme, host, optional port; no
 *                       path, no wildcard: keys travel in the Authorization header, so a wildcard would let any
 *                       page spend a key it got hold of)
 */
public record CorsConfig(List<String> allowedOrigins) {

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    public CorsConfig {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /** No cross-origin caller admitted. */
    public static CorsConfig none() {
        return new CorsConfig(List.of());
    }

    void validate(final String field) {
        for (int i = 0; i < allowedOrigins.size(); i++) {
            final String origin = allowedOrigins.get(i);
            if (origin == null || !ORIGIN.matcher(origin).matches()) {
                throw new ConfigException(field + ".allowedOrigins[" + i + "]: must be an origin like"
                        + " https://app.example.com (scheme, host, optional port; no path, no wildcard), was '"
                        + origin + "'");
            }
        }
    }
}
