package io.bakery.schemas.normalize;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The postal address key of spec v1, {@code COUNTRY|POSTCODE|HOUSENUMBER|ADDITION}: a structured key that
 * survives hashing (a hashed free-text address does not: casing and spacing vary too much).
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
        String country = clean(address.country());
        if (country.isEmpty() && defaultCountry != null) {
            country = defaultCountry.toUpperCase(Locale.ROOT);
        }
        if ("UK".equals(country)) {
            country = "GB";
        }
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
