package io.bakery.schemas.partners;

/**
 * Why a DMP cookie id was refused: a stable code (for metrics and API answers) and a sentence for the integrator.
 * The reason never repeats the whole id, so it is safe to return to callers and to count by code.
 *
 * @param code the kind of problem, e.g. {@code unresolved_macro}
 * @param reason what is wrong, naming the rule that failed
 */
public record CookieIdRejection(Code code, String reason) {

    /** The kinds of problems a cookie id can have, checked in this order. */
    public enum Code {
        MISSING,
        TOO_LONG,
        NOT_PRINTABLE,
        UNRESOLVED_MACRO,
        SENTINEL,
        FORMAT;

        /** The lower-case name used as a metric tag and in answers. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return code.tag() + ": " + reason;
    }
}
