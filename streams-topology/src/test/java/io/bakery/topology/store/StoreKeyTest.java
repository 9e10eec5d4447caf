package io.bakery.topology.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class StoreKeyTest {

    private static final String BAKERY_ID = "0123456789abcdef0123456789abcdef";

    @Test
    void shouldGiveBackEveryComponentExactlyWhenComponentsAreMixed() {
        final List<String> parts = List.of(BAKERY_ID, "acme", "", "ABCDEF", "abc", "é-ü", "00",
                "0123456789ABCDEF0123456789abcdef", "a1b2c3d4-e5f6-7788-99aa-bbccddeeff00");

        assertThat(StoreKey.parts(StoreKey.of(parts.toArray(String[]::new)))).isEqualTo(parts);
    }

    @Test
    void shouldPackALowerCaseHexIdIntoHalfItsCharactersWhenItIsAComponent() {
        assertThat(StoreKey.of(BAKERY_ID).get()).hasSize(1 + 16);
        assertThat(StoreKey.of("acme").get()).hasSize(1 + 4);
    }

    @Test
    void shouldNotPackWhenTheHexIsUpperCaseOrOfOddLength() {
        assertThat(StoreKey.parts(StoreKey.of("ABCD", "abc"))).containsExactly("ABCD", "abc");
        assertThat(StoreKey.of("ABCD").get()).hasSize(1 + 4);
    }

    @Test
    void shouldMakeTheFirstComponentsABytePrefixOfTheWholeKeyWhenComponentsArePacked() {
        final byte[] prefix = StoreKey.of(BAKERY_ID, "acme").get();
        final byte[] whole = StoreKey.of(BAKERY_ID, "acme", "ffee0011").get();

        assertThat(Arrays.copyOf(whole, prefix.length)).isEqualTo(prefix);
    }

    @Test
    void shouldKeepTwoComponentsApartWhenThePackedBytesOfOneAreTheUtf8BytesOfTheOther() {
        // "3067" packs to the bytes 0x30 0x67, which are also the UTF-8 bytes of "0g": the header tells them apart.
        final Bytes packed = StoreKey.of("3067");
        final Bytes utf8 = StoreKey.of("0g");

        assertThat(packed).isNotEqualTo(utf8);
        assertThat(StoreKey.parts(packed)).containsExactly("3067");
        assertThat(StoreKey.parts(utf8)).containsExactly("0g");
    }

    @Test
    void shouldKeepTheIndexedKeyWhenItIsTimed() {
        final Bytes key = StoreKey.of(BAKERY_ID, "acme", "cookie-1");
        final Bytes timed = StoreKey.timed(1_700_000_000_000L, key);

        assertThat(StoreKey.time(timed)).isEqualTo(1_700_000_000_000L);
        assertThat(StoreKey.indexed(timed)).isEqualTo(key);
    }
}
