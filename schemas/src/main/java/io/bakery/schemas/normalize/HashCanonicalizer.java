package io.bakery.schemas.normalize;

import java.util.Arrays;
import java.util.Base64;

/**
 * Turns a SHA-256 as clients send it into the one stored form, 64 lowercase hex characters: lowercase or
 * uppercase hex (Google's helper writes uppercase) and padded standard Base64 (UID2's form) are accepted.
 */
public final class HashCanonicalizer {

    private static final int HEX_LENGTH = 64;
    private static final int BASE64_LENGTH = 44;
    /** Kinds of ASCII characters for {@link #lowerHex}: 0 = a digit or a-f. */
    private static final byte NOT_HEX = 1;
    private static final byte UPPER_HEX = 2;
    private static final byte[] HEX_KINDS = new byte[128];

    static {
        Arrays.fill(HEX_KINDS, NOT_HEX);
        for (char c = '0'; c <= '9'; c++) {
            HEX_KINDS[c] = 0;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX_KINDS[c] = 0;
        }
        for (char c = 'A'; c <= 'F'; c++) {
            HEX_KINDS[c] = UPPER_HEX;
        }
    }

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
        // One table look-up per character and no branch on its kind: with digits and letters in random order,
        // range tests per character mispredicted often (the check ran for every identifier of every row).
        int kinds = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            kinds |= c < HEX_KINDS.length ? HEX_KINDS[c] : NOT_HEX;
        }
        if (kinds == 0) {
            return text;
        }
        if ((kinds & NOT_HEX) != 0) {
            return null;
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
