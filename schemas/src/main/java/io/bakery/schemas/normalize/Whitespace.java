package io.bakery.schemas.normalize;

/**
 * The whitespace of spec v1: exactly the characters JavaScript's {@code String.prototype.trim} removes, so that
 * the web page and the server trim identically (Java's {@code strip()} keeps NBSP, for instance).
 */
public final class Whitespace {

    private Whitespace() {}

    /** Whether {@code c} is whitespace under spec v1. */
    public static boolean is(final char c) {
        if (c > ' ' && c < '\u00A0') {
            // Printable ASCII and the C1 controls: none is whitespace, and nearly every character checked is one.
            return false;
        }
        return (c >= '\t' && c <= '\r') || c == ' ' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029' || c == '\u202F'
                || c == '\u205F' || c == '\u3000' || c == '\uFEFF';
    }

    /** Whether {@code text} is null or nothing but whitespace: an absent value, not an invalid one. */
    public static boolean isBlank(final String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!is(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} without leading and trailing whitespace. */
    public static String trim(final String text) {
        int start = 0;
        int end = text.length();
        while (start < end && is(text.charAt(start))) {
            start++;
        }
        while (end > start && is(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** Whether {@code text} holds any whitespace. */
    static boolean containsAny(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (is(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every whitespace character removed. */
    static String removeAll(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!is(text.charAt(i))) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}
