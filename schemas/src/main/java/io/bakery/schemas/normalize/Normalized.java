package io.bakery.schemas.normalize;

import java.util.Objects;

/**
 * The outcome of normalizing one value: the normalized text, or the reason it was rejected. Never both.
 *
 * @param value the normalized value; null when rejected
 * @param rejection why the value was rejected; null when accepted
 */
public record Normalized(String value, Rejection rejection) {

    public Normalized {
        if ((value == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of value and rejection must be set");
        }
    }

    /** An accepted value. */
    public static Normalized of(final String value) {
        return new Normalized(Objects.requireNonNull(value, "value"), null);
    }

    /** A rejected value. */
    public static Normalized rejected(final Rejection rejection) {
        return new Normalized(null, Objects.requireNonNull(rejection, "rejection"));
    }

    /** Whether the value was accepted. */
    public boolean isValid() {
        return value != null;
    }

    /** The SHA-256 of the normalized value, lowercase hex; only for accepted values. */
    public String sha256() {
        if (value == null) {
            throw new IllegalStateException("a rejected value has no hash (" + rejection + ")");
        }
        return Sha256.hex(value);
    }

    @Override
    public String toString() {
        // Never the value: it may be an email address or a phone number.
        return isValid() ? "Normalized[valid]" : "Normalized[" + rejection + "]";
    }
}
