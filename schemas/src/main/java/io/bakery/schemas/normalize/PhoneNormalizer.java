package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone normalization of spec v1: parsed with libphonenumber, numbers without a country code read in the client's
 * default country, only valid numbers accepted, written as E.164 digits without the {@code +}.
 *
 * <p>The fast path: almost every phone number in a CRM file is digits with plain separators, which {@link #compact}
 * turns into digits only (a leading {@code +} kept). Such digits are parsed by {@link DigitsPhoneParser} instead of
 * libphonenumber's {@code parse}, which spent most of the hashing threads' time on regular expressions that find,
 * clean and check a number in free text. On bare digits those steps are no-ops, so the parser keeps only the steps
 * that read the metadata (calling code after {@code +} or the IDD or at the start, national prefix, leading zeros) and
 * takes them as libphonenumber takes them, on libphonenumber's own metadata read through its public API: it builds
 * the same {@code PhoneNumber} and refuses what libphonenumber refuses. Everything else falls back to
 * libphonenumber's {@code parse}: text that does not compact to digits (tabs, line breaks, over 250 characters), fewer
 * than three digits, and any region whose metadata the parser cannot read the same way.
 *
 * <p>The validity fast path: libphonenumber's {@code isValidNumber} then took most of what was left, up to ten
 * regular expressions per number (the region's general pattern, then premium rate, toll free, ... fixed line, mobile)
 * behind a synchronized pattern cache. A number is valid when its region's general pattern and any one type's match,
 * so {@link NumberValidity} asks the same questions of the same metadata, patterns compiled once, possible lengths
 * first, mobile and fixed line before the rare types: two patterns for a usual mobile number. It picks the region of a
 * shared calling code (+1, +7, +44) as libphonenumber does and leaves to libphonenumber any calling code whose metadata
 * it cannot read the same way. The national significant number stays libphonenumber's.
 *
 * <p>{@code PhoneNormalizerDifferentialTest} holds both fast paths to libphonenumber (the parsed number, its validity
 * and the end result) over every region's example numbers written many ways, mutated, and random digits, in several
 * default countries, and over random numbers of every calling code.
 */
public final class PhoneNormalizer {

    /** libphonenumber's "unknown region": only numbers with a country code parse. */
    private static final String NO_REGION = "ZZ";
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** libphonenumber refuses longer input as too long; such text is parsed as written, to be refused the same. */
    private static final int MAX_COMPACTED = 250;
    /**
     * Below three digits, libphonenumber finds "1-2" not viable but "12" viable (two digits alone are a special
     * case), so such short text is parsed as written; it is never a valid number either way.
     */
    private static final int MIN_COMPACTED_DIGITS = 3;

    private final String defaultCountry;
    private final DigitsPhoneParser digits;

    /** A normalizer for one client; {@code defaultCountry} is ISO 3166 alpha-2, or null for none. */
    public PhoneNormalizer(final String defaultCountry) {
        this.defaultCountry = defaultCountry == null || defaultCountry.isBlank() ? NO_REGION : defaultCountry;
        this.digits = new DigitsPhoneParser(this.defaultCountry);
    }

    /** The E.164 digits of {@code raw}, or why it is not a valid phone number. */
    public Normalized normalize(final String raw) {
        return normalize(raw, true);
    }

    /**
     * {@link #normalize} with every number parsed and validated by libphonenumber, as before the fast paths: what the
     * differential test holds the fast paths to, and the timing's "before".
     */
    Normalized normalizeWithLibphonenumber(final String raw) {
        return normalize(raw, false);
    }

    private Normalized normalize(final String raw, final boolean digitsFirst) {
        final String text = raw == null ? "" : Whitespace.trim(raw);
        if (text.isEmpty()) {
            return Normalized.rejected(Rejection.EMPTY);
        }
        if (!hasOnlyPhoneCharacters(text)) {
            return Normalized.rejected(Rejection.INVALID_PHONE);
        }
        try {
            final PhoneNumber number = parse(compact(text), digitsFirst);
            final String nationalSignificantNumber = PHONES.getNationalSignificantNumber(number);
            final boolean valid = digitsFirst ? NumberValidity.isValid(number, nationalSignificantNumber)
                    : PHONES.isValidNumber(number);
            if (!valid) {
                return Normalized.rejected(Rejection.INVALID_PHONE);
            }
            // E.164 is "+", the country calling code and the national significant number: libphonenumber's
            // format(number, E164) writes exactly that for every parsed number (it returns the raw input only for
            // a national number of 0 that kept its raw input, which parse() never keeps), without the
            // formatter's string building.
            return Normalized.of(number.getCountryCode() + nationalSignificantNumber);
        } catch (final NumberParseException e) {
            return Normalized.rejected(Rejection.INVALID_PHONE);
        }
    }

    /** libphonenumber's parse of {@code compacted}, by the digits parser where it is sure to answer the same. */
    private PhoneNumber parse(final String compacted, final boolean digitsFirst) throws NumberParseException {
        final PhoneNumber number = digitsFirst ? digits.parse(compacted) : null;
        return number != null ? number : PHONES.parse(compacted, defaultCountry);
    }

    /** The fewest characters libphonenumber needs to parse a number as it would parse {@code text}. */
    static String compact(final String text) {
        if (text.length() > MAX_COMPACTED) {
            return text;
        }
        final StringBuilder compacted = new StringBuilder(text.length());
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                compacted.append(c);
                digits++;
            } else if (c == '+' && i == 0) {
                compacted.append(c);
            } else if (!isPlainSeparator(c)) {
                return text;
            }
        }
        return digits < MIN_COMPACTED_DIGITS ? text : compacted.toString();
    }

    /**
     * Separators libphonenumber drops without a trace from a number it parses: its first step keeps the text
     * from the first digit or {@code +} to the last digit; a run of these between digits (all in its "valid
     * punctuation") keeps the number viable; none of them can form an extension (every extension pattern needs a
     * label, {@code #}, {@code ;} or {@code ,}) or a second number ({@code / x}); and its normalization, which
     * every later step works on, keeps only the digits. So a number written with them parses exactly as its
     * digits do (a leading {@code +} kept), which spares the regular expressions most of their input. Other
     * whitespace (a tab, a line break) makes a number non-viable in libphonenumber, so a text holding any is
     * parsed as written.
     */
    private static boolean isPlainSeparator(final char c) {
        return c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/';
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
