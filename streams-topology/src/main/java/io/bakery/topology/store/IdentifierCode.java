package io.bakery.topology.store;

import io.bakery.schemas.avro.IdentifierType;

/**
 * A hashed identifier as one store-key component: one character for the type, then the hash. Shorter than the
 * Avro key and still ordered by type, then hash.
 */
public final class IdentifierCode {

    private IdentifierCode() {}

    /** The component for {@code type} and {@code hash}. */
    public static String of(final IdentifierType type, final String hash) {
        return (char) ('a' + type.ordinal()) + hash;
    }

    /** The type of a component made by {@link #of}. */
    public static IdentifierType type(final String code) {
        return IdentifierType.values()[code.charAt(0) - 'a'];
    }

    /** The hash of a component made by {@link #of}. */
    public static String hash(final String code) {
        return code.substring(1);
    }
}
