package io.bakery.gateway.cookie;

import io.bakery.schemas.config.CookieConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies the Bakery id cookie. A Bakery id is 128 random bits (32 lower-case hex characters); the
 * cookie carries it with the id of the signing key and an HMAC-SHA256 tag, {@code 1.<keyId>.<id>.<tag>}, so an
 * edited or forged cookie is detected and treated as absent. The first configured key signs, every key verifies,
 * so keys rotate by adding a new first key and dropping the old one after the cookie's lifetime.
 */
public final class BakeryIdCookie {

    /** The cookie's name. */
    public static final String NAME = "bkry";
    /** Sliding lifetime: re-set on every stored hit, so an active browser keeps its id. About 13 months. */
    public static final Duration MAX_AGE = Duration.ofDays(396);

    private static final String VERSION = "1";
    private static final int ID_BYTES = 16;
    /** 128 bits of the HMAC are plenty against forgery and keep the cookie short. */
    private static final int TAG_BYTES = 16;
    private static final Pattern BAKERY_ID = Pattern.compile("[0-9a-f]{32}");
    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder TAG_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final String signingKeyId;
    private final Map<String, ThreadLocal<Mac>> macs = new LinkedHashMap<>();
    private final String attributes;

    /** Cookies signed with {@code config}'s keys; an empty key list is refused. */
    public BakeryIdCookie(final CookieConfig config) {
        final List<CookieConfig.SigningKey> keys = config.signingKeys();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("cookie.signingKeys: at least one key is needed to issue Bakery ids");
        }
        this.signingKeyId = keys.get(0).id();
        for (final CookieConfig.SigningKey key : keys) {
            final byte[] secret = key.secret().getBytes(StandardCharsets.UTF_8);
            macs.put(key.id(), ThreadLocal.withInitial(() -> newMac(secret)));
        }
        this.attributes = "; Max-Age=" + MAX_AGE.toSeconds() + "; Path=/"
                + (config.domain() == null ? "" : "; Domain=" + config.domain())
                + "; Secure; HttpOnly; SameSite=None";
    }

    /** A fresh Bakery id: 128 bits from a cryptographic random source. */
    public String newBakeryId() {
        final byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        return HEX.formatHex(id);
    }

    /** The cookie value for {@code bakeryId}, signed with the first key. */
    public String encode(final String bakeryId) {
        final String payload = VERSION + "." + signingKeyId + "." + bakeryId;
        return payload + "." + tag(signingKeyId, payload);
    }

    /** The Bakery id in {@code cookieValue}, or empty when it is absent, malformed, edited or signed by no key. */
    public Optional<String> verify(final String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 128) {
            return Optional.empty();
        }
        final String[] parts = cookieValue.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || !macs.containsKey(parts[1])
                || !BAKERY_ID.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        final String payload = parts[0] + "." + parts[1] + "." + parts[2];
        final byte[] expected = tag(parts[1], payload).getBytes(StandardCharsets.US_ASCII);
        final byte[] actual = parts[3].getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? Optional.of(parts[2]) : Optional.empty();
    }

    /** The {@code Set-Cookie} value that (re)sets the cookie for {@code bakeryId}. */
    public String setCookie(final String bakeryId) {
        return NAME + "=" + encode(bakeryId) + attributes;
    }

    /** The {@code Set-Cookie} value that deletes the cookie. */
    public String expireCookie() {
        return NAME + "=" + attributes.replace("Max-Age=" + MAX_AGE.toSeconds(), "Max-Age=0");
    }

    private String tag(final String keyId, final String payload) {
        final byte[] full = macs.get(keyId).get().doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        final byte[] truncated = new byte[TAG_BYTES];
        System.arraycopy(full, 0, truncated, 0, TAG_BYTES);
        return TAG_ENCODER.encodeToString(truncated);
    }

    private static Mac newMac(final byte[] secret) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
