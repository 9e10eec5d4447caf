package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.NumberParseException.ErrorType;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * libphonenumber's {@code parse(number, defaultRegion)} for a number that is only digits (at least three, a leading
 * {@code +} allowed), without the regular expressions its parser runs to find, clean and check a number in free
 * text. On such input those steps change nothing and always pass (the digits are a viable number, hold no extension
 * and need no normalizing), so only the steps that read the metadata remain, and this class takes them in
 * libphonenumber's order, on the same metadata, with the same tests (version 9.0.43):
 * <ol>
 * <li>the country calling code after a {@code +}; when none is known there, the digits after the {@code +} read
 * again as if written without it;</li>
 * <li>else after the default region's international prefix (00, 011, ...), unless a 0 follows it;</li>
 * <li>else the default region's own calling code at the start, taken off when the number matches the region's
 * general pattern only without it, or is too long with it;</li>
 * <li>then the national prefix (and carrier code) of the number's region taken off, kept only when what remains has
 * a possible length;</li>
 * <li>the Italian leading zero and the count of leading zeros from what remains.</li>
 * </ol>
 * Where libphonenumber would refuse the number, this throws the {@link NumberParseException} it would throw. Where
 * this class cannot be sure to answer as libphonenumber would (other input, a region whose metadata it cannot read
 * the same way), it returns null and the caller asks libphonenumber.
 */
final class DigitsPhoneParser {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** libphonenumber refuses longer text before parsing. */
    private static final int MAX_INPUT_LENGTH = 250;
    /** Two digits alone are viable to libphonenumber, "+12" is not: such short input is left to it. */
    private static final int MIN_DIGITS = 3;
    private static final int MIN_NATIONAL_LENGTH = 2;
    private static final int MAX_NATIONAL_LENGTH = 17;
    private static final int MAX_CALLING_CODE_DIGITS = 3;
    private static final boolean[] CALLING_CODES = callingCodes();

    private final boolean regionSupported;
    /** The default region's plan; null when the region is unsupported, or when this parser always defers. */
    private final NumberingPlan defaultPlan;
    /** A supported region whose plan cannot be read the same way: every number is left to libphonenumber. */
    private final boolean alwaysDefer;

    /** A parser for numbers written in {@code defaultRegion} (libphonenumber's region code; "ZZ" for none). */
    DigitsPhoneParser(final String defaultRegion) {
        this.regionSupported = defaultRegion != null && PHONES.getSupportedRegions().contains(defaultRegion);
        this.defaultPlan = regionSupported ? NumberingPlan.ofRegion(defaultRegion) : null;
        this.alwaysDefer = regionSupported && defaultPlan == null;
    }

    /**
     * The number libphonenumber parses from {@code compacted}, or null when this parser leaves it to libphonenumber.
     *
     * @throws NumberParseException where libphonenumber would throw it
     */
    PhoneNumber parse(final String compacted) throws NumberParseException {
        if (alwaysDefer || !isDigitsWithOptionalPlus(compacted)) {
            return null;
        }
        final CallingCode found;
        if (compacted.charAt(0) == '+') {
            found = afterPlus(compacted.substring(1));
        } else if (regionSupported) {
            found = withoutPlus(compacted);
            if (found == null) {
                // A national number: its prefix is the default region's, even where that region shares its
                // calling code with others (CA's rules, not US's, for a number written in Canada).
                return nationalPart(new CallingCode(defaultPlan.countryCode(), compacted), defaultPlan);
            }
        } else {
            throw new NumberParseException(ErrorType.INVALID_COUNTRY_CODE, "Missing or invalid default region.");
        }
        // A calling code that was written: its main region's rules (US's for +1, also when written in Canada).
        final NumberingPlan plan = NumberingPlan.ofCallingCode(found.code());
        return plan == null ? null : nationalPart(found, plan);
    }

    /** The calling code after a {@code +}; if none is known there, the digits as if written without it. */
    private CallingCode afterPlus(final String digits) throws NumberParseException {
        if (digits.length() <= MIN_NATIONAL_LENGTH) {
            throw new NumberParseException(ErrorType.TOO_SHORT_AFTER_IDD, "Too short after the plus sign.");
        }
        final CallingCode leading = leadingCallingCode(digits);
        if (leading != null) {
            return leading;
        }
        final CallingCode retried = withoutPlus(digits);
        if (retried == null) {
            throw new NumberParseException(ErrorType.INVALID_COUNTRY_CODE, "No calling code after the plus sign.");
        }
        return retried;
    }

    /** The calling code after the default region's IDD or its own calling code, or null when there is none. */
    private CallingCode withoutPlus(final String digits) throws NumberParseException {
        if (defaultPlan == null) {
            return null;
        }
        final int afterIdd = defaultPlan.afterInternationalPrefix(digits);
        if (afterIdd >= 0) {
            final String international = digits.substring(afterIdd);
            if (international.length() <= MIN_NATIONAL_LENGTH) {
                throw new NumberParseException(ErrorType.TOO_SHORT_AFTER_IDD, "Too short after the IDD.");
            }
            final CallingCode leading = leadingCallingCode(international);
            if (leading == null) {
                throw new NumberParseException(ErrorType.INVALID_COUNTRY_CODE, "No calling code after the IDD.");
            }
            return leading;
        }
        if (defaultPlan.startsWithCountryCode(digits)) {
            final String national = defaultPlan.withoutNationalPrefix(defaultPlan.afterCountryCode(digits));
            // libphonenumber evaluates these in this order; the length test only when the patterns do not decide.
            if ((!defaultPlan.isNationalNumber(digits) && defaultPlan.isNationalNumber(national))
                    || defaultPlan.testLength(digits.length()) == ValidationResult.TOO_LONG) {
                return new CallingCode(defaultPlan.countryCode(), national);
            }
        }
        return null;
    }

    /** The national significant number and its leading zeros, as libphonenumber ends its parse. */
    private static PhoneNumber nationalPart(final CallingCode found, final NumberingPlan plan)
            throws NumberParseException {
        String national = found.rest();
        if (national.length() < MIN_NATIONAL_LENGTH) {
            throw new NumberParseException(ErrorType.TOO_SHORT_NSN, "Too short a national number.");
        }
        final String stripped = plan.withoutNationalPrefix(national);
        final ValidationResult length = plan.testLength(stripped.length());
        // The prefix stays on when what remains could not be a whole number: the digits may be a short number.
        if (length != ValidationResult.TOO_SHORT && length != ValidationResult.IS_POSSIBLE_LOCAL_ONLY
                && length != ValidationResult.INVALID_LENGTH) {
            national = stripped;
        }
        if (national.length() < MIN_NATIONAL_LENGTH) {
            throw new NumberParseException(ErrorType.TOO_SHORT_NSN, "Too short a national number.");
        }
        if (national.length() > MAX_NATIONAL_LENGTH) {
            throw new NumberParseException(ErrorType.TOO_LONG, "Too long a national number.");
        }
        final PhoneNumber number = new PhoneNumber().setCountryCode(found.code());
        setLeadingZeros(national, number);
        return number.setNationalNumber(Long.parseLong(national));
    }

    /**
     * libphonenumber keeps the zeros a national number starts with (Italy's fixed lines) beside the number: a flag,
     * and their count when there is more than one; all zeros count but the last digit.
     */
    private static void setLeadingZeros(final String national, final PhoneNumber number) {
        if (national.length() > 1 && national.charAt(0) == '0') {
            number.setItalianLeadingZero(true);
            int zeros = 1;
            while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
                zeros++;
            }
            if (zeros != 1) {
                number.setNumberOfLeadingZeros(zeros);
            }
        }
    }

    /** The known calling code of one to three digits {@code digits} start with, shortest first, or null. */
    private static CallingCode leadingCallingCode(final String digits) {
        if (digits.isEmpty() || digits.charAt(0) == '0') {
            return null;
        }
        int code = 0;
        for (int i = 1; i <= MAX_CALLING_CODE_DIGITS && i <= digits.length(); i++) {
            code = code * 10 + (digits.charAt(i - 1) - '0');
            if (CALLING_CODES[code]) {
                return new CallingCode(code, digits.substring(i));
            }
        }
        return null;
    }

    private static boolean isDigitsWithOptionalPlus(final String text) {
        if (text.length() > MAX_INPUT_LENGTH) {
            return false;
        }
        final int start = !text.isEmpty() && text.charAt(0) == '+' ? 1 : 0;
        if (text.length() - start < MIN_DIGITS) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean[] callingCodes() {
        final boolean[] known = new boolean[(int) Math.pow(10, MAX_CALLING_CODE_DIGITS)];
        for (final int code : PHONES.getSupportedCallingCodes()) {
            known[code] = true;
        }
        return known;
    }

    /** A country calling code and the digits after it. */
    private record CallingCode(int code, String rest) {
    }
}
