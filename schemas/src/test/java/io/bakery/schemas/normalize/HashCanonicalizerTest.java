package io.bakery.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashCanonicalizerTest {

    private static final String HASH = "0c7e6a405862e402eb76a70f8a26fc732d07c32931e9fae9ab1582911d2e8a3b";

    @Test
    void shouldKeepHashWhenItIsLowercaseHex() {
        assertThat(HashCanonicalizer.canonicalize(HASH).value()).isEqualTo(HASH);
    }

    @Test
    void shouldLowerTheCaseWhenHashIsUppercaseOrMixed() {
        assertThat(HashCanonicalizer.canonicalize(HASH.toUpperCase()).value()).isEqualTo(HASH);
        assertThat(HashCanonicalizer.canonicalize("0C7E" + HASH.substring(4)).value()).isEqualTo(HASH);
    }

    @Test
    void shouldRejectAsBadHashWhenAnyCharacterIsNotAHexDigit() {
        // Every character up to U+3100 (ASCII neighbours of the hex ranges, Latin-1, other scripts' digits), at
        // the first, a middle and the last position.
        for (char c = 0; c < 0x3100; c++) {
            final boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (hex) {
                continue;
            }
            for (final int position : new int[] {0, 31, 63}) {
                final String text = HASH.substring(0, position) + c + HASH.substring(position + 1);
                assertThat(HashCanonicalizer.canonicalize(text).rejection())
                        .as("U+%04X at %d", (int) c, position).isEqualTo(Rejection.BAD_HASH);
            }
        }
    }

    @Test
    void shouldAcceptEveryHexDigitWhenInAnyPosition() {
        for (final char c : "0123456789abcdefABCDEF".toCharArray()) {
            for (final int position : new int[] {0, 31, 63}) {
                final String text = HASH.substring(0, position) + c + HASH.substring(position + 1);
                final String expected = HASH.substring(0, position) + Character.toLowerCase(c)
                        + HASH.substring(position + 1);
                assertThat(HashCanonicalizer.canonicalize(text).value()).as("%s at %d", c, position)
                        .isEqualTo(expected);
            }
        }
    }
}
