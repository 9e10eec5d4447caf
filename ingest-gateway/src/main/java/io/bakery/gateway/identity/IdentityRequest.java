package io.bakery.gateway.identity;

import io.bakery.gateway.http.InvalidParameterException;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The hashed identifiers an identity pixel request carries: one parameter per identifier type, each a SHA-256 as
 * 64 hex characters (upper case is accepted and written lower case). At least one is required.
 */
public final class IdentityRequest {

    /** The parameter of each identifier type. */
    public static final Map<String, IdentifierType> PARAMETERS;

    static {
        final Map<String, IdentifierType> params = new LinkedHashMap<>();
        params.put("email_sha256", IdentifierType.EMAIL_SHA256);
        params.put("email_canonical_sha256", IdentifierType.EMAIL_CANONICAL_SHA256);
        params.put("phone_sha256", IdentifierType.PHONE_SHA256);
        params.put("address_sha256", IdentifierType.ADDRESS_SHA256);
        PARAMETERS = java.util.Collections.unmodifiableMap(params);
    }

    /** The normalization spec version the hashes are taken to follow. */
    public static final int SPEC_VERSION = 1;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private IdentityRequest() {}

    /** The identifiers sent; throws {@link InvalidParameterException} naming the first malformed one. */
    public static List<HashedIdentifier> parse(final Function<String, String> param) {
        final List<HashedIdentifier> identifiers = new ArrayList<>();
        for (final Map.Entry<String, IdentifierType> entry : PARAMETERS.entrySet()) {
            final String value = param.apply(entry.getKey());
            if (value == null) {
                continue;
            }
            if (!SHA256_HEX.matcher(value).matches()) {
                throw new InvalidParameterException(entry.getKey(), "bad_hash",
                        "must be a SHA-256 as 64 hex characters");
            }
            identifiers.add(new HashedIdentifier(entry.getValue(), value.toLowerCase(Locale.ROOT), SPEC_VERSION));
        }
        if (identifiers.isEmpty()) {
            throw new InvalidParameterException("email_sha256", "missing",
                    "at least one of " + String.join(", ", PARAMETERS.keySet()) + " is required");
        }
        return identifiers;
    }
}
