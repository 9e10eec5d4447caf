package io.bakery.schemas.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The postal address key of spec v1, {@code COUNTRY|POSTCODE|HOUSENUMBER|ADDITION}: a structured key that
 * survives hashing (a hashed free-text address does not: casing and spacing vary too much).
 *
 * <p>The rules are written once, as regular expressions over upper-cased text ({@link #normalizeAnyText}). Fields
 * that are plain ASCII, nearly every real one, take a path that applies the same rules character by character
 * ({@link #normalizeAscii}), without the regular expressions and the copies: a pull of plaintext CRM exports
 * spent a quarter of its hashing threads here. {@code AddressKeyNormalizerTest} holds both paths equal.
 */
public final class AddressKeyNormalizer {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern ANY_POSTCODE = Pattern.compile("[A-Z0-9]{2,10}");
    /** Countries whose postcode form is checked exactly; others need 2-10 letters or digits. */
    private static final Map<String, Pattern> POSTCODES = Map.of(
            "NL", Pattern.compile("[1-9][0-9]{3}[A-Z]{2}"),
            "BE", Pattern.compile("[1-9][0-9]{3}"),
            "DE", Pattern.compile("[0-9]{5}"),
            "FR", Pattern.compile("[0-9]{5}"),
            "FI", Pattern.compile("[0-9]{5}"),
            "GB", Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}"));
    private static final Pattern HOUSE_NUMBER = Pattern.compile("0*([1-9][0-9]{0,5})((?![0-9]).*)", Pattern.DOTALL);
    private static final Pattern ADDITION = Pattern.compile("[A-Z0-9]{0,10}");

    private final String defaultCountry;

    /** A normalizer for one client; {@code defaultCountry} fills a blank country (null for none). */
    public AddressKeyNormalizer(final String defaultCountry) {
        this.defaultCountry = defaultCountry;
    }

    /** The key of {@code address}, or the first reason it cannot make one (country, postcode, house number). */
    public Normalized normalize(final AddressFields address) {
        if (ascii(address.country()) && ascii(address.postcode()) && ascii(address.houseNumber())
                && ascii(address.addition())) {
            return normalizeAscii(address);
        }
        return normalizeAnyText(address);
    }

    /** The rules of spec v1 over any text: upper case (Unicode's), then regular expressions. */
    Normalized normalizeAnyText(final AddressFields address) {
        final String country = country(clean(address.country()));
        if (!COUNTRY.matcher(country).matches()) {
            return Normalized.rejected(Rejection.INVALID_COUNTRY);
        }
        final String postcode = postcode(address.postcode(), country);
        if (!POSTCODES.getOrDefault(country, ANY_POSTCODE).matcher(postcode).matches()) {
            return Normalized.rejected(Rejection.INVALID_POSTCODE);
        }
        final Matcher number = HOUSE_NUMBER.matcher(clean(address.houseNumber()));
        if (!number.matches()) {
            return Normalized.rejected(Rejection.INVALID_HOUSE_NUMBER);
        }
        final String embedded = addition(number.group(2));
        final String separate = addition(address.addition());
        if (!embedded.isEmpty() && !separate.isEmpty()) {
            return Normalized.rejected(Rejection.INVALID_HOUSE_NUMBER);
        }
        final String addition = embedded.isEmpty() ? separate : embedded;
        if (!ADDITION.matcher(addition).matches()) {
            return Normalized.rejected(Rejection.INVALID_HOUSE_NUMBER);
        }
        return Normalized.of(country + '|' + postcode + '|' + number.group(1) + '|' + addition);
    }

    /** The same rules as {@link #normalizeAnyText}, for fields of ASCII characters only (null counts as ASCII). */
    Normalized normalizeAscii(final AddressFields address) {
        final String country = country(asciiClean(address.country()));
        if (country.length() != 2 || !upperLetter(country.charAt(0)) || !upperLetter(country.charAt(1))) {
            return Normalized.rejected(Rejection.INVALID_COUNTRY);
        }
        final String postcode = asciiPostcode(address.postcode(), country);
        if (!postcodeFits(postcode, country)) {
            return Normalized.rejected(Rejection.INVALID_POSTCODE);
        }
        final String number = asciiClean(address.houseNumber());
        // 0*([1-9][0-9]{0,5})((?![0-9]).*): leading zeros, one to six digits, then anything but a digit.
        int start = 0;
        while (start < number.length() && number.charAt(start) == '0') {
            start++;
        }
        int end = start;
        while (end < number.length() && digit(number.charAt(end))) {
            end++;
        }
        if (end == start || end - start > 6) {
            return Normalized.rejected(Rejection.INVALID_HOUSE_NUMBER);
        }
        final String embedded = asciiAddition(number, end);
        final String separate = address.addition() == null ? "" : asciiAddition(address.addition(), 0);
        if (!embedded.isEmpty() && !separate.isEmpty()) {
            return Normalized.rejected(Rejection.INVALID_HOUSE_NUMBER);
        }
        final String addition = embedded.isEmpty() ? separate : embedded;
        if (addition.length() > 10 || !lettersOrDigits(addition, 0, addition.length())) {
            return Normalized.rejected(Rejection.INVALID_HOUSE_NUMBER);
        }
        return Normalized.of(new StringBuilder(country.length() + postcode.length() + addition.length() + 10)
                .append(country).append('|').append(postcode).append('|').append(number, start, end).append('|')
                .append(addition).toString());
    }

    /** A blank country is the default one; UK is GB. */
    private String country(final String cleaned) {
        String country = cleaned;
        if (country.isEmpty() && defaultCountry != null) {
            country = defaultCountry.toUpperCase(Locale.ROOT);
        }
        return "UK".equals(country) ? "GB" : country;
    }

    /** As {@link #postcode}, for ASCII text. */
    private static String asciiPostcode(final String raw, final String country) {
        final String text = asciiClean(raw);
        int from = 0;
        if (text.length() > 3 && text.startsWith(country)
                && (text.charAt(2) == '-' || Whitespace.is(text.charAt(2)))) {
            from = 3;
        }
        return without(text, from, "-");
    }

    /** As {@link #addition}, for ASCII text from {@code from} on. */
    private static String asciiAddition(final String raw, final int from) {
        return without(asciiClean(raw.substring(from)), 0, "-/.");
    }

    /** {@code text} from {@code from} on, without whitespace and without the characters of {@code dropped}. */
    private static String without(final String text, final int from, final String dropped) {
        int i = from;
        while (i < text.length() && !Whitespace.is(text.charAt(i)) && dropped.indexOf(text.charAt(i)) < 0) {
            i++;
        }
        if (i == text.length()) {
            // The usual case: nothing to drop.
            return text.substring(from);
        }
        final char[] out = new char[text.length() - from];
        int length = 0;
        for (int j = from; j < text.length(); j++) {
            final char c = text.charAt(j);
            if (!Whitespace.is(c) && dropped.indexOf(c) < 0) {
                out[length++] = c;
            }
        }
        return new String(out, 0, length);
    }

    /** Whether an upper-case postcode has the country's form ({@link #POSTCODES}), or 2-10 letters or digits. */
    private static boolean postcodeFits(final String p, final String country) {
        final int n = p.length();
        switch (country) {
            case "NL":
                return n == 6 && p.charAt(0) >= '1' && p.charAt(0) <= '9' && digits(p, 1, 4)
                        && upperLetter(p.charAt(4)) && upperLetter(p.charAt(5));
            case "BE":
                return n == 4 && p.charAt(0) >= '1' && p.charAt(0) <= '9' && digits(p, 1, 4);
            case "DE", "FR", "FI":
                return n == 5 && digits(p, 0, 5);
            case "GB": {
                // [A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}: the inward code is the last three, the outward 2-4 before
                if (n < 5 || n > 7 || !digit(p.charAt(n - 3)) || !upperLetter(p.charAt(n - 2))
                        || !upperLetter(p.charAt(n - 1))) {
                    return false;
                }
                final int letters = upperLetter(p.charAt(1)) ? 2 : 1;
                if (!upperLetter(p.charAt(0)) || letters + 1 > n - 3 || !digit(p.charAt(letters))) {
                    return false;
                }
                final int rest = n - 3 - letters - 1;
                return rest == 0 || rest == 1 && lettersOrDigits(p, letters + 1, letters + 2);
            }
            default:
                return n >= 2 && n <= 10 && lettersOrDigits(p, 0, n);
        }
    }

    private static boolean ascii(final String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Trimmed and upper-cased, for ASCII text (where Unicode's upper case is ASCII's). */
    private static String asciiClean(final String raw) {
        if (raw == null) {
            return "";
        }
        final String text = Whitespace.trim(raw);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                final char[] upper = text.toCharArray();
                for (int j = i; j < upper.length; j++) {
                    if (upper[j] >= 'a' && upper[j] <= 'z') {
                        upper[j] = (char) (upper[j] - ('a' - 'A'));
                    }
                }
                return new String(upper);
            }
        }
        return text;
    }

    private static boolean digits(final String text, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (!digit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean lettersOrDigits(final String text, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (!digit(text.charAt(i)) && !upperLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean upperLetter(final char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** Upper case without spaces or hyphens, and without a leading {@code COUNTRY-} or {@code COUNTRY }. */
    private static String postcode(final String raw, final String country) {
        String text = clean(raw);
        if (text.length() > 3 && text.startsWith(country)
                && (text.charAt(2) == '-' || Whitespace.is(text.charAt(2)))) {
            text = text.substring(3);
        }
        return Whitespace.removeAll(text).replace("-", "");
    }

    /** Upper case without whitespace and without the separators {@code - / .} people put before an addition. */
    private static String addition(final String raw) {
        return Whitespace.removeAll(clean(raw)).replace("-", "").replace("/", "").replace(".", "");
    }

    private static String clean(final String raw) {
        return raw == null ? "" : Whitespace.trim(raw).toUpperCase(Locale.ROOT);
    }
}
