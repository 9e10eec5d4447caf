package io.bakery.launcher.world;

import io.bakery.schemas.config.Dmp;
import io.bakery.schemas.partners.CookieIdRules;
import java.util.Random;

/** Makes DMP cookie ids in each partner's strict format ({@link CookieIdRules}), from the world's random source. */
final class CookieIdFactory {

    private static final String HEX = "0123456789abcdef";
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random;

    CookieIdFactory(final Random random) {
        this.random = random;
    }

    /** A fresh cookie id for {@code dmp}; checked against the partner's strict rule so a bad world fails early. */
    String next(final Dmp dmp) {
        final String id = switch (dmp) {
            case TEALIUM -> chars(HEX, 45);
            case SNOWPLOW, PERMUTIVE -> uuid();
            case MEDIARITHMICS -> "vec:" + (1 + (random.nextLong() >>> 4) % 999_999_999_999L);
            case PIANO -> chars(BASE36, 16);
            case SPOTLER -> "sqzl" + chars(HEX, 20);
            case SUPERMETRICS -> (100_000_000 + random.nextInt(900_000_000)) + "." + (1_700_000_000 + random.nextInt(99_999_999));
            case WEBORAMA, SELLIGENT -> chars(TOKEN, 22);
        };
        if (!CookieIdRules.forDmp(dmp).matchesStrict(id)) {
            throw new IllegalStateException("generated cookie id does not fit " + dmp + "'s rule");
        }
        return id;
    }

    private String uuid() {
        final String hex = chars(HEX, 32);
        // Version 4, variant 10xx, as browsers' crypto.randomUUID() makes them.
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-"
                + "89ab".charAt(random.nextInt(4)) + hex.substring(17, 20) + "-" + hex.substring(20, 32);
    }

    private String chars(final String alphabet, final int length) {
        final StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
