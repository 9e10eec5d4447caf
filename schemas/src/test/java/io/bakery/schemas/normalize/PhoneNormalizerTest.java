package io.bakery.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The phone normalizer's shortcuts (digits only handed to libphonenumber, E.164 written from the parsed number)
 * against spec v1 as first written (the text as it is parsed, validated and formatted as E.164 by libphonenumber),
 * over many generated numbers in many countries and ways of writing.
 */
class PhoneNormalizerTest {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String[] REGIONS = {"NL", "BE", "DE", "FR", "GB", "US", "IT", "AR", "MX", "BR", "AU", "JP",
        "IN", "FI", "RU", "CN", "ZA", "NZ", null};
    private static final String[] SEPARATORS = {" ", "-", ".", "/", "(", ")", "  ", " - ", " / ", ") ", " (",
        "\t", "\u00A0", "\u2009", "\n"};
    private static final int CASES = 60_000;

    @Test
    void shouldNormalizeEveryGeneratedNumberAsSpecV1FirstDidWhenShortcutsAreTaken() {
        final Random random = new Random(20240313);
        final List<PhoneNumber> examples = examples();
        int valid = 0;
        for (int i = 0; i < CASES; i++) {
            final String region = REGIONS[random.nextInt(REGIONS.length)];
            final String text = written(random, examples.get(random.nextInt(examples.size())), region);
            final Normalized expected = asFirstWritten(text, region);

            assertThat(new PhoneNormalizer(region).normalize(text)).as("'%s' in %s", text, region)
                    .isEqualTo(expected);
            if (expected.isValid()) {
                valid++;
            }
        }
        // Enough of both outcomes that the comparison means something.
        assertThat(valid).isBetween(CASES / 5, CASES * 4 / 5);
    }

    @Test
    void shouldHandLibphonenumberOnlyTheDigitsWhenTextHasPlainSeparators() {
        assertThat(PhoneNormalizer.compact("+31 (0)6-12.34/56 78")).isEqualTo("+310612345678");
        assertThat(PhoneNormalizer.compact("06\t12345678")).isEqualTo("06\t12345678");
        assertThat(PhoneNormalizer.compact("1-2")).isEqualTo("1-2");
    }

    /** Valid example numbers of every type in every region, and variants with other last digits. */
    private static List<PhoneNumber> examples() {
        final List<PhoneNumber> numbers = new ArrayList<>();
        for (final String region : PHONES.getSupportedRegions()) {
            for (final PhoneNumberType type : PhoneNumberType.values()) {
                final PhoneNumber example = PHONES.getExampleNumberForType(region, type);
                if (example != null) {
                    numbers.add(example);
                }
            }
        }
        return numbers;
    }

    /** A number written as people write them: national, international, with 00, digits changed, separators. */
    private static String written(final Random random, final PhoneNumber example, final String region) {
        final PhoneNumber number = new PhoneNumber().mergeFrom(example);
        if (random.nextBoolean()) {
            final long digits = number.getNationalNumber();
            final long scale = (long) Math.pow(10, 1 + random.nextInt(3));
            number.setNationalNumber(digits - digits % scale + random.nextInt((int) scale));
        }
        final String base = switch (random.nextInt(6)) {
            case 0 -> PHONES.format(number, PhoneNumberFormat.NATIONAL);
            case 1 -> PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
            case 2 -> PHONES.format(number, PhoneNumberFormat.E164);
            case 3 -> "00" + number.getCountryCode() + " " + PHONES.getNationalSignificantNumber(number);
            case 4 -> region == null ? PHONES.format(number, PhoneNumberFormat.E164)
                    : PHONES.formatOutOfCountryCallingNumber(number, region);
            default -> PHONES.getNationalSignificantNumber(number).substring(random.nextInt(3));
        };
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            final char c = base.charAt(i);
            if (random.nextInt(8) == 0) {
                text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            if (c >= '0' && c <= '9' || c == '+' || random.nextInt(3) > 0) {
                text.append(c);
            }
        }
        if (random.nextInt(10) == 0) {
            text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        return text.toString();
    }

    /** Spec v1's phone rule as first written: no shortcut. */
    private static Normalized asFirstWritten(final String raw, final String region) {
        final String text = Whitespace.trim(raw);
        if (text.isEmpty()) {
            return Normalized.rejected(Rejection.EMPTY);
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '-' || c == '(' || c == ')' || c == '.' || c == '/'
                    || Whitespace.is(c) || (c == '+' && i == 0))) {
                return Normalized.rejected(Rejection.INVALID_PHONE);
            }
        }
        try {
            final PhoneNumber number = PHONES.parse(text, region == null ? "ZZ" : region);
            if (!PHONES.isValidNumber(number)) {
                return Normalized.rejected(Rejection.INVALID_PHONE);
            }
            return Normalized.of(PHONES.format(number, PhoneNumberFormat.E164).substring(1));
        } catch (final NumberParseException e) {
            return Normalized.rejected(Rejection.INVALID_PHONE);
        }
    }
}
