package io.bakery.gateway.crm;

import java.util.Optional;

/** What an upload does with the client's records, as the {@code mode} query parameter names it. */
public enum UploadMode {
    /** Every row upserts its record with its full identifier set (replacing the previous set). */
    ADD("add"),
    /** Every row deletes its record (a tombstone); identifier columns are not needed. */
    REMOVE("remove"),
    /** The upload becomes the client's whole record set: records it no longer holds are deleted downstream. */
    REPLACE_ALL("replace-all");

    private final String parameter;

    UploadMode(final String parameter) {
        this.parameter = parameter;
    }

    /** The query parameter value. */
    public String parameter() {
        return parameter;
    }

    /** The mode named {@code parameter}; absent means add. */
    public static Optional<UploadMode> parse(final String parameter) {
        if (parameter == null || parameter.isEmpty()) {
            return Optional.of(ADD);
        }
        for (final UploadMode mode : values()) {
            if (mode.parameter.equals(parameter)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
