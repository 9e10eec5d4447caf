package io.bakery.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fast paths against libphonenumber itself: {@link DigitsPhoneParser} must build the very {@code PhoneNumber}
 * libphonenumber's {@code parse} builds (or fail with the same error), {@link NumberValidity} must find every number
 * libphonenumber parses valid exactly when its {@code isValidNumber} does, and {@link PhoneNormalizer#normalize} must
 * answer as {@link PhoneNormalizer#normalizeWithLibphonenumber} does, for every region's example numbers (every type,
 * and the invalid example) written every way people write them, mutated, and for random digits, read in several
 * default countries, and for numbers of every calling code made from the example numbers' leading digits.
 */
class PhoneNormalizerDifferentialTest {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /**
     * The brief's countries and no country, and regions whose rules take other branches: CA shares +1 with US, AR
     * and MX rewrite their national prefix, BR and CO carry carrier codes, RU dials out with 810, AU with 0011, JP
     * with 010, SG has no national prefix; "nl" and "XX" are no region libphonenumber knows.
     */
    private static final String[] DEFAULT_COUNTRIES = {"NL", "DE", "GB", "US", "FR", "BE", "IT", null, "CA", "AR",
        "MX", "BR", "CO", "RU", "AU", "JP", "SG", "nl", "XX"};
    private static final List<PhoneNumber> EXAMPLES = examples();

    @Test
    void shouldParseDigitsAsLibphonenumberDoesWhenExampleNumbersAreWrittenEveryWayInEveryDefaultCountry() {
        final Random random = new Random(20250611);
        final Comparison comparison = new Comparison();
        for (final String country : DEFAULT_COUNTRIES) {
            final DigitsPhoneParser parser = new DigitsPhoneParser(regionOf(country));
            for (final PhoneNumber example : EXAMPLES) {
                for (final String written : writings(example, country)) {
                    final String digits = PhoneNormalizer.compact(written);
                    comparison.parse(parser, digits, country);
                    // A third of the writings also mutated: near misses of real numbers, kept to a short run.
                    if (random.nextInt(3) == 0) {
                        comparison.parse(parser, mutated(random, digits), country);
                    }
                }
            }
        }

        // The fast path answered (nothing left to libphonenumber) and both outcomes are well represented.
        assertThat(comparison.deferred).isZero();
        assertThat(comparison.parsed).isGreaterThan(250_000);
        assertThat(comparison.refused).isGreaterThan(20_000);
        assertThat(comparison.valid).isGreaterThan(100_000);
        assertThat(comparison.invalid).isGreaterThan(50_000);
    }

    @Test
    void shouldParseDigitsAsLibphonenumberDoesWhenEveryRegionIsTheDefaultCountry() {
        final Random random = new Random(7);
        final Comparison comparison = new Comparison();
        for (final String country : PHONES.getSupportedRegions()) {
            final DigitsPhoneParser parser = new DigitsPhoneParser(country);
            // The region's own numbers, and a few from elsewhere dialled from it (its IDD, its calling code rules).
            final List<PhoneNumber> numbers = new ArrayList<>();
            for (final PhoneNumberType type : PhoneNumberType.values()) {
                addIfAny(numbers, PHONES.getExampleNumberForType(country, type));
            }
            for (int i = 0; i < 5; i++) {
                numbers.add(EXAMPLES.get(random.nextInt(EXAMPLES.size())));
            }
            for (final PhoneNumber number : numbers) {
                for (final String written : writings(number, country)) {
                    final String digits = PhoneNormalizer.compact(written);
                    comparison.parse(parser, digits, country);
                    comparison.parse(parser, mutated(random, digits), country);
                }
            }
        }

        assertThat(comparison.deferred).isZero();
        assertThat(comparison.parsed).isGreaterThan(30_000);
        assertThat(comparison.refused).isGreaterThan(1_000);
        assertThat(comparison.valid).isGreaterThan(10_000);
        assertThat(comparison.invalid).isGreaterThan(10_000);
    }

    @Test
    void shouldParseDigitsAsLibphonenumberDoesWhenDigitsAreRandom() {
        final Random random = new Random(42);
        final Comparison comparison = new Comparison();
        for (final String country : DEFAULT_COUNTRIES) {
            final DigitsPhoneParser parser = new DigitsPhoneParser(regionOf(country));
            for (int i = 0; i < 5_000; i++) {
                final String digits = digits(random, 2 + random.nextInt(19));
                comparison.parse(parser, random.nextBoolean() ? "+" + digits : digits, country);
            }
        }

        assertThat(comparison.parsed + comparison.refused).isGreaterThan(75_000);
        assertThat(comparison.parsed).isGreaterThan(5_000);
        assertThat(comparison.invalid).isGreaterThan(5_000);
    }

    @Test
    void shouldJudgeValidityAsLibphonenumberDoesWhenNumbersOfEveryCallingCodeKeepAnExamplesLeadingDigits() {
        final Random random = new Random(11);
        final ValidityComparison comparison = new ValidityComparison();
        // Every example's leading digits with the rest made up: valid and invalid numbers of every type of every
        // region, including the regions that share a calling code (picked by leading digits or by pattern).
        for (final PhoneNumber example : EXAMPLES) {
            final String national = PHONES.getNationalSignificantNumber(example);
            for (int kept = 0; kept <= national.length(); kept++) {
                for (int i = 0; i < 4; i++) {
                    final String digits = national.substring(0, kept) + digits(random, national.length() - kept);
                    comparison.compare(number(example.getCountryCode(), digits));
                    comparison.compare(number(example.getCountryCode(), mutated(random, digits)));
                }
            }
        }
        // Every calling code with random national numbers, some with leading zeros.
        for (final int callingCode : PHONES.getSupportedCallingCodes()) {
            for (int i = 0; i < 20; i++) {
                comparison.compare(number(callingCode, "0".repeat(random.nextInt(4)) + digits(random,
                        1 + random.nextInt(17))));
            }
        }
        // Unknown calling codes, once each: libphonenumber logs every number of one.
        for (final int callingCode : List.of(0, 999, 1_000)) {
            comparison.compare(number(callingCode, digits(random, 9)));
        }

        for (final int callingCode : PHONES.getSupportedCallingCodes()) {
            assertThat(NumberValidity.answersFor(callingCode)).as("+%d", callingCode).isTrue();
        }
        assertThat(comparison.valid).isGreaterThan(40_000);
        assertThat(comparison.invalid).isGreaterThan(50_000);
    }

    /**
     * The number libphonenumber parses from {@code national} after {@code +callingCode}, or from those digits as
     * written (its leading zeros kept as it keeps them) when it does not parse them.
     */
    private static PhoneNumber number(final int callingCode, final String national) {
        try {
            return PHONES.parse("+" + callingCode + national, "ZZ");
        } catch (final NumberParseException e) {
            final PhoneNumber number = new PhoneNumber().setCountryCode(callingCode);
            if (national.length() > 1 && national.charAt(0) == '0') {
                number.setItalianLeadingZero(true);
                final int zeros = national.length() - national.replaceFirst("^0+", "").length();
                number.setNumberOfLeadingZeros(Math.min(zeros, national.length() - 1));
            }
            return number.setNationalNumber(national.isEmpty() ? 0 : Long.parseLong(national));
        }
    }

    @Test
    void shouldNormalizeAsLibphonenumberDoesWhenExampleNumbersAreWrittenWithSeparators() {
        final Random random = new Random(31);
        int compared = 0;
        int valid = 0;
        for (final String country : DEFAULT_COUNTRIES) {
            final PhoneNormalizer normalizer = new PhoneNormalizer(country);
            for (final PhoneNumber example : EXAMPLES) {
                final List<String> writings = new ArrayList<>(writings(example, country));
                // A sample of each example's writings, one mutated, to keep the run short.
                for (int i = 0; i < 4; i++) {
                    String written = writings.get(random.nextInt(writings.size()));
                    if (i == 3) {
                        written = mutated(random, written);
                    }
                    final Normalized expected = normalizer.normalizeWithLibphonenumber(written);
                    assertThat(normalizer.normalize(written)).as("'%s' in %s", written, country).isEqualTo(expected);
                    compared++;
                    if (expected.isValid()) {
                        valid++;
                    }
                }
            }
        }

        assertThat(compared).isGreaterThan(100_000);
        assertThat(valid).isBetween(compared / 5, compared * 4 / 5);
    }

    /** Every region's and non-geographical entity's example numbers of every type, and its invalid example. */
    private static List<PhoneNumber> examples() {
        final List<PhoneNumber> numbers = new ArrayList<>();
        for (final String region : PHONES.getSupportedRegions()) {
            for (final PhoneNumberType type : PhoneNumberType.values()) {
                addIfAny(numbers, PHONES.getExampleNumberForType(region, type));
            }
            addIfAny(numbers, PHONES.getInvalidExampleNumber(region));
        }
        for (final int callingCode : PHONES.getSupportedGlobalNetworkCallingCodes()) {
            addIfAny(numbers, PHONES.getExampleNumberForNonGeoEntity(callingCode));
        }
        return numbers;
    }

    private static void addIfAny(final List<PhoneNumber> numbers, final PhoneNumber number) {
        if (number != null) {
            numbers.add(number);
        }
    }

    /**
     * One number as it may stand in a CRM file of {@code country}: E.164, international and national format, with
     * that country's IDD and with 00 and 011, national digits alone, with the calling code but no plus, with the
     * national prefix kept after the calling code, with the region's own national prefix, and with a plus before an
     * IDD.
     */
    private static Set<String> writings(final PhoneNumber number, final String country) {
        final String code = String.valueOf(number.getCountryCode());
        final String national = PHONES.getNationalSignificantNumber(number);
        final String region = PHONES.getRegionCodeForCountryCode(number.getCountryCode());
        // Non-geographical numbers (region 001) have no national prefix; asking for one only logs a warning.
        final String nationalPrefix = PHONES.getSupportedRegions().contains(region)
                ? PHONES.getNddPrefixForRegion(region, true) : null;
        final Set<String> writings = new LinkedHashSet<>();
        writings.add(PHONES.format(number, PhoneNumberFormat.E164));
        writings.add(PHONES.format(number, PhoneNumberFormat.INTERNATIONAL));
        writings.add(PHONES.format(number, PhoneNumberFormat.NATIONAL));
        if (country != null && PHONES.getSupportedRegions().contains(country)) {
            writings.add(PHONES.formatOutOfCountryCallingNumber(number, country));
        }
        writings.add("00" + code + national);
        writings.add("011" + code + national);
        writings.add(national);
        writings.add(code + national);
        writings.add("+" + code + "0" + national);
        writings.add(code + "0" + national);
        writings.add("+00" + code + national);
        if (nationalPrefix != null) {
            writings.add(nationalPrefix + national);
        }
        return writings;
    }

    /** {@code text} with one digit dropped, added or changed, or cut short, or lengthened. */
    private static String mutated(final Random random, final String text) {
        final int start = text.startsWith("+") ? 1 : 0;
        if (text.length() - start < 2) {
            return text + random.nextInt(10);
        }
        final int at = start + random.nextInt(text.length() - start);
        final char digit = (char) ('0' + random.nextInt(10));
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + digit + text.substring(at);
            case 2 -> text.substring(0, at) + digit + text.substring(at + 1);
            case 3 -> text.substring(0, at);
            default -> text + digits(random, 1 + random.nextInt(3));
        };
    }

    private static String digits(final Random random, final int count) {
        final StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private static String regionOf(final String country) {
        return country == null ? "ZZ" : country;
    }

    /** Compares {@link NumberValidity} with libphonenumber's {@code isValidNumber} and counts the outcomes. */
    private static final class ValidityComparison {

        private int valid;
        private int invalid;

        void compare(final PhoneNumber number) {
            final boolean expected = PHONES.isValidNumber(number);
            assertThat(NumberValidity.isValid(number, PHONES.getNationalSignificantNumber(number)))
                    .as("validity of %s", number).isEqualTo(expected);
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
    }

    /**
     * Compares the digits parser with libphonenumber on one input at a time, and the validity of each number
     * libphonenumber parses, and counts the outcomes.
     */
    private static final class Comparison {

        private final ValidityComparison validity = new ValidityComparison();
        private int parsed;
        private int refused;
        private int deferred;
        private int valid;
        private int invalid;

        void parse(final DigitsPhoneParser parser, final String digits, final String country) {
            if (!digits.matches("\\+?[0-9]{3,}")) {
                return; // not the parser's input: the normalizer hands such text to libphonenumber
            }
            final String region = regionOf(country);
            PhoneNumber expected = null;
            NumberParseException.ErrorType expectedError = null;
            try {
                expected = PHONES.parse(digits, region);
            } catch (final NumberParseException e) {
                expectedError = e.getErrorType();
            }
            if (expected != null) {
                validity.compare(expected);
                valid = validity.valid;
                invalid = validity.invalid;
            }
            try {
                final PhoneNumber actual = parser.parse(digits);
                if (actual == null) {
                    deferred++;
                    return;
                }
                if (expected == null) {
                    fail("'%s' in %s: parsed as %s, libphonenumber refuses it (%s)", digits, region, actual,
                            expectedError);
                }
                assertThat(actual).as("'%s' in %s", digits, region).isEqualTo(expected);
                parsed++;
            } catch (final NumberParseException e) {
                assertThat(e.getErrorType()).as("'%s' in %s: refused, libphonenumber parses %s", digits, region,
                        expected).isEqualTo(expectedError);
                refused++;
            }
        }
    }
}
