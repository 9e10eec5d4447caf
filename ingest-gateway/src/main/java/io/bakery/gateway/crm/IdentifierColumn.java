package io.bakery.gateway.crm;

import io.bakery.schemas.avro.IdentifierType;
import java.util.Locale;
import java.util.Optional;

/** The column (CSV) or field (NDJSON) names of hashed identifiers, and the identifier type each one carries. */
public final class IdentifierColumn {

    /** The record id column of a CRM upload. */
    public static final String RECORD_ID = "record_id";

    private IdentifierColumn() {}

    /** The name of {@code type}'s column, e.g. {@code email_sha256}. */
    public static String name(final IdentifierType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** The identifier type a column name stands for, if it is one. */
    public static Optional<IdentifierType> type(final String column) {
        for (final IdentifierType type : IdentifierType.values()) {
            if (name(type).equals(column)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
