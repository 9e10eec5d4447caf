package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone normalization of spec v1: parsed with libphonenumber, numbers without a country code read in the client's
 * default country, only valid numbers accepted, written as E.164 digits without the {@code +}.
 */
public final class PhoneNormalizer {

    /** libphonenumber's "unknown region": only numbers with a country code parse. */
    private static final String NO_REGION = "ZZ";
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultCountry;

    /** A normalizer for one client; {@code defaultCountry} is ISO 3166 alpha-2, or null for none. */
    public PhoneNormalizer(final String defaultCountry) {
        this.defaultCountry = defaultCountry == null || defaultCountry.isBlank() ? NO_REGION : defaultCountry;
    }

    /** The E.164 digits of {@code raw}, or why it is not a valid phone number. */
    public Normalized normalize(final String raw) {
        final String text = raw == null ? "" : Whitespace.trim(raw);
        if (text.isEmpty()) {
            return Normalized.rejected(Rejection.EMPTY);
        }
        if (!hasOnlyPhoneCharacters(text)) {
            return Normalized.rejected(Rejection.INVALID_PHONE);
        }
        try {
            final PhoneNumber number = PHONES.parse(text, defaultCountry);
            if (!PHONES.isValidNumber(number)) {
                return Normalized.rejected(Rejection.INVALID_PHONE);
            }
            return Normalized.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1));
        } catch (final NumberParseException e) {
            return Normalized.rejected(Rejection.INVALID_PHONE);
        }
    }

    /**
     * ASCII digits, whitespace and {@code - ( ) . /}, with at most one {@code +} as the first character. Letters
     * (vanity numbers, extensions) are refused so that libphonenumber and libphonenumber-js cannot differ on them.
     */
    private static boolean hasOnlyPhoneCharacters(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            final boolean allowed = (c >= '0' && c <= '9') || c == '-' || c == '(' || c == ')' || c == '.'
                    || c == '/' || Whitespace.is(c) || (c == '+' && i == 0);
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
