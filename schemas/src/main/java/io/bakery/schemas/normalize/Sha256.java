package io.bakery.schemas.normalize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a normalized value's UTF-8 bytes, written as 64 lowercase hex characters (spec v1). */
public final class Sha256 {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** SHA-256 of the empty string, which a hashed empty cell yields; rejected wherever a hash is accepted. */
    public static final String OF_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // MessageDigest is not thread-safe; one per thread avoids a lookup per value on the hot path.
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    /** The lowercase hex SHA-256 of {@code text} encoded as UTF-8. */
    public static String hex(final String text) {
        return hex(DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lowercase hex of raw bytes. */
    public static String hex(final byte[] bytes) {
        final byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        // Latin-1 bytes become a string's own bytes in one copy (chars would be compressed to them first).
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** A new SHA-256 digest; every JVM has one. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
