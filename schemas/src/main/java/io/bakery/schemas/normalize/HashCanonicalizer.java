package io.bakery.schemas.normalize;

import java.util.Base64;

/**
 * Turns a SHA-256 as clients send it into the one stored form, 64 lowercase hex characters: lowercase or
 * uppercase hex (Google's helper writes uppercase) and padded standard Base64 (UID2's form) are accepted.
 */
public final class HashCanonicalizer {

    private static final int HEX_LENGTH = 64;
    private static final int BASE64_LENGTH = 44;

    private HashCanonicalizer() {}

    /** The canonical form of {@code raw}, or {@link Rejection#BAD_HASH} / {@link Rejection#HASH_OF_EMPTY_VALUE}. */
    public static Normalized canonicalize(final String raw) {
        final String text = raw == null ? "" : Whitespace.trim(raw);
        if (text.isEmpty()) {
            return Normalized.rejected(Rejection.EMPTY);
        }
        final String hex;
        if (text.length() == HEX_LENGTH) {
            hex = lowerHex(text);
        } else if (text.length() == BASE64_LENGTH && text.endsWith("=") && !text.endsWith("==")) {
            hex = base64ToHex(text);
        } else {
            hex = null;
        }
        if (hex == null) {
            return Normalized.rejected(Rejection.BAD_HASH);
        }
        return Sha256.OF_EMPTY.equals(hex) ? Normalized.rejected(Rejection.HASH_OF_EMPTY_VALUE) : Normalized.of(hex);
    }

    /** {@code text} in lower case if it is all hex digits, else null; allocation-free when already canonical. */
    private static String lowerHex(final String text) {
        boolean lower = true;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= 'A' && c <= 'F') {
                lower = false;
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        if (lower) {
            return text;
        }
        final char[] out = text.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'F') {
                out[i] = (char) (out[i] + ('a' - 'A'));
            }
        }
        return new String(out);
    }

    private static String base64ToHex(final String text) {
        try {
            final byte[] bytes = Base64.getDecoder().decode(text);
            return bytes.length == 32 ? Sha256.hex(bytes) : null;
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }
}
