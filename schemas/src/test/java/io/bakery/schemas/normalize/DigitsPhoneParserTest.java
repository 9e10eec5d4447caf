package io.bakery.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.NumberParseException.ErrorType;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

/**
 * Each of libphonenumber's parsing steps the digits parser reproduces, on one number that takes it, checked against
 * the number libphonenumber parses from the same digits.
 */
class DigitsPhoneParserTest {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void shouldReadNumberInDefaultRegionWithoutItsNationalPrefixWhenNoCallingCodeIsWritten() throws Exception {
        assertThat(parsedAsLibphonenumberDoes("0612345678", "NL")).isEqualTo(number(31, 612345678L));
    }

    @Test
    void shouldReadCallingCodeAfterThePlusWhenWrittenInternationally() throws Exception {
        assertThat(parsedAsLibphonenumberDoes("+31612345678", "DE")).isEqualTo(number(31, 612345678L));
    }

    @Test
    void shouldReadCallingCodeAfterTheIddWhenWrittenWithTheDefaultRegionsIdd() throws Exception {
        assertThat(parsedAsLibphonenumberDoes("0031612345678", "NL")).isEqualTo(number(31, 612345678L));
        assertThat(parsedAsLibphonenumberDoes("01131612345678", "US")).isEqualTo(number(31, 612345678L));
    }

    @Test
    void shouldReadDigitsAfterThePlusAsIfWrittenWithoutItWhenNoCallingCodeFollowsThePlus() throws Exception {
        assertThat(parsedAsLibphonenumberDoes("+0031612345678", "NL")).isEqualTo(number(31, 612345678L));
    }

    @Test
    void shouldTakeTheDefaultCallingCodeOffWhenTheNumberOnlyMatchesWithoutIt() throws Exception {
        assertThat(parsedAsLibphonenumberDoes("31612345678", "NL")).isEqualTo(number(31, 612345678L));
    }

    @Test
    void shouldRewriteTheNationalPrefixWhenTheRegionHasATransformRule() throws Exception {
        // Argentina: a mobile dialled nationally as 0 11 15 xxxx xxxx is 9 11 xxxx xxxx.
        assertThat(parsedAsLibphonenumberDoes("0111512345678", "AR")).isEqualTo(number(54, 91112345678L));
    }

    @Test
    void shouldUseTheDefaultRegionsRulesWhenItSharesItsCallingCodeWithOthers() throws Exception {
        parsedAsLibphonenumberDoes("12345678", "CA");
        parsedAsLibphonenumberDoes("6135550123", "CA");
    }

    @Test
    void shouldKeepLeadingZerosBesideTheNumberWhenTheNationalNumberStartsWithThem() throws Exception {
        final PhoneNumber italian = parsedAsLibphonenumberDoes("0212345678", "IT");
        final PhoneNumber zeros = parsedAsLibphonenumberDoes("+390001234567", "ZZ");

        assertThat(italian.isItalianLeadingZero()).isTrue();
        assertThat(italian.hasNumberOfLeadingZeros()).isFalse();
        assertThat(zeros.getNumberOfLeadingZeros()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAsLibphonenumberDoesWhenNumberCannotBeParsed() {
        refusedAsLibphonenumberDoes("0612345678", "ZZ", ErrorType.INVALID_COUNTRY_CODE);
        refusedAsLibphonenumberDoes("0012", "NL", ErrorType.TOO_SHORT_AFTER_IDD);
        refusedAsLibphonenumberDoes("+999123456", "NL", ErrorType.INVALID_COUNTRY_CODE);
        refusedAsLibphonenumberDoes("061234567890123456789", "NL", ErrorType.TOO_LONG);
    }

    @Test
    void shouldLeaveTheNumberToLibphonenumberWhenTheTextIsNotThreeOrMoreDigits() throws Exception {
        final DigitsPhoneParser parser = new DigitsPhoneParser("NL");

        assertThat(parser.parse("06 12345678")).isNull();
        assertThat(parser.parse("12")).isNull();
        assertThat(parser.parse("+12")).isNull();
        assertThat(parser.parse("0".repeat(251))).isNull();
    }

    private static PhoneNumber parsedAsLibphonenumberDoes(final String digits, final String region)
            throws NumberParseException {
        final PhoneNumber parsed = new DigitsPhoneParser(region).parse(digits);
        assertThat(parsed).as("'%s' in %s", digits, region).isEqualTo(PHONES.parse(digits, region));
        return parsed;
    }

    private static void refusedAsLibphonenumberDoes(final String digits, final String region, final ErrorType error) {
        assertThatThrownBy(() -> PHONES.parse(digits, region)).isInstanceOfSatisfying(NumberParseException.class,
                e -> assertThat(e.getErrorType()).isEqualTo(error));
        assertThatThrownBy(() -> new DigitsPhoneParser(region).parse(digits)).as("'%s' in %s", digits, region)
                .isInstanceOfSatisfying(NumberParseException.class, e -> assertThat(e.getErrorType()).isEqualTo(error));
    }

    private static PhoneNumber number(final int countryCode, final long nationalNumber) {
        return new PhoneNumber().setCountryCode(countryCode).setNationalNumber(nationalNumber);
    }
}
