package io.bakery.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The address key's two paths, one rule set: the ASCII path (character checks) gives what the regular expressions
 * give over upper-cased text, for every address, and the public entry point takes each path where it should.
 */
class AddressKeyNormalizerTest {

    private static final String[] COUNTRIES = {"NL", "nl", " be ", "DE", "fr", "FI", "GB", "gb", "UK", "uk", "US",
        "ca", "", " ", null, "N1", "NLD", "n l", "\tDE\n"};
    private static final String[] DEFAULTS = {"NL", "gb", "UK", null, "X"};
    /** Postcode characters: every kind the rules look at, in a mix that makes valid and near-valid codes likely. */
    private static final String POSTCODE_CHARS = "0123456789123456789ABJNWXabjnwx -\t/.";
    private static final String NUMBER_CHARS = "0001234567890123456789abAB -/.\t";
    private static final String ADDITION_CHARS = "abcABC123 -/.\t";

    @Test
    void shouldGiveTheSameKeyOrReasonOnTheAsciiPathAsTheRegularExpressionsForRandomAddresses() {
        final Random random = new Random(20261204);
        final Map<Rejection, Integer> rejections = new EnumMap<>(Rejection.class);
        int valid = 0;
        for (int i = 0; i < 300_000; i++) {
            final AddressKeyNormalizer normalizer = new AddressKeyNormalizer(pick(random, DEFAULTS));
            final String country = pick(random, COUNTRIES);
            final AddressFields address = new AddressFields(country, postcode(random, country),
                    random.nextInt(20) == 0 ? null : text(random, NUMBER_CHARS, 9),
                    random.nextInt(3) == 0 ? text(random, ADDITION_CHARS, 4) : null);

            final Normalized expected = normalizer.normalizeAnyText(address);
            assertThat(normalizer.normalizeAscii(address)).as("%s", address).isEqualTo(expected);
            if (expected.isValid()) {
                valid++;
            } else {
                rejections.merge(expected.rejection(), 1, Integer::sum);
            }
        }
        // The comparison covered keys and every reason, not only one kind of outcome.
        assertThat(valid).isGreaterThan(10_000);
        assertThat(rejections).containsKeys(Rejection.INVALID_COUNTRY, Rejection.INVALID_POSTCODE,
                Rejection.INVALID_HOUSE_NUMBER);
        assertThat(rejections.values()).allMatch(count -> count > 1_000);
    }

    @Test
    void shouldGiveTheSameKeyOnBothPathsForEachCountrysUsualSpellings() {
        final String[][] cases = {
            {"NL", "1042 jn", "12a", null, "NL|1042JN|12|A"},
            {"nl", "NL-1042JN", "0012", "-b", "NL|1042JN|12|B"},
            {"BE", "1000", "7 bus 3", null, "BE|1000|7|BUS3"},
            {"GB", "sw1a 1aa", "10", null, "GB|SW1A1AA|10|"},
            {"UK", "M1 1AE", "221/b", null, "GB|M11AE|221|B"},
            {"GB", "GB-EC1A 1BB", "1", "", "GB|EC1A1BB|1|"},
            {"DE", "10115", "5.1", null, "DE|10115|5|1"},
            {"us", "90210-1234", "1600", "apt 2", "US|902101234|1600|APT2"},
        };
        for (final String[] c : cases) {
            final AddressFields address = new AddressFields(c[0], c[1], c[2], c[3]);
            final AddressKeyNormalizer normalizer = new AddressKeyNormalizer(null);
            assertThat(normalizer.normalizeAnyText(address).value()).as("%s", address).isEqualTo(c[4]);
            assertThat(normalizer.normalize(address).value()).as("%s", address).isEqualTo(c[4]);
        }
    }

    @Test
    void shouldUpperCaseAsUnicodeDoesWhenAFieldIsNotAscii() {
        // U+0131 (dotless i) upper-cases to an ASCII I: only the any-text path knows; normalize must take it.
        final AddressFields address = new AddressFields("NL", "1042 J\u0131", "12", null);
        assertThat(new AddressKeyNormalizer(null).normalize(address).value()).isEqualTo("NL|1042JI|12|");
        final AddressFields nbsp = new AddressFields("NL", "1042\u00A0JN", "12\u00A0a", null);
        assertThat(new AddressKeyNormalizer(null).normalize(nbsp).value()).isEqualTo("NL|1042JN|12|A");
    }

    /** A postcode of the country's usual length, sometimes written with the country in front. */
    private static String postcode(final Random random, final String country) {
        if (random.nextInt(30) == 0) {
            return null;
        }
        final String code = random.nextBoolean() ? shaped(random) : text(random, POSTCODE_CHARS, 2 + random.nextInt(8));
        if (country != null && random.nextInt(8) == 0) {
            return country + (random.nextBoolean() ? "-" : " ") + code;
        }
        return code;
    }

    /**
     * A postcode in one of the forms the rules know (NL, BE, DE/FR/FI, every GB outward shape), in either case, with
     * a space or not, and now and then one character changed.
     */
    private static String shaped(final Random random) {
        final String[] forms = {"9999 AA", "9999", "99999", "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA",
            "AA9A 9AA", "AAA9 9AA"};
        final String form = pick(random, forms);
        final StringBuilder out = new StringBuilder();
        for (final char c : form.toCharArray()) {
            if (c == '9') {
                out.append((char) ('0' + random.nextInt(10)));
            } else if (c == 'A') {
                out.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
            } else if (random.nextBoolean()) {
                out.append(c);
            }
        }
        if (random.nextInt(10) == 0 && out.length() > 0) {
            out.setCharAt(random.nextInt(out.length()), POSTCODE_CHARS.charAt(random.nextInt(POSTCODE_CHARS.length())));
        }
        return out.toString();
    }

    private static String text(final Random random, final String chars, final int maxLength) {
        final int length = random.nextInt(maxLength + 1);
        final StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }

    private static <T> T pick(final Random random, final T[] values) {
        return values[random.nextInt(values.length)];
    }
}
