package io.bakery.gateway.crm.hash;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plaintext fields {@code bakery hash} reads, each with the header names it recognizes. Header names are
 * compared without case and without anything but letters and digits, so {@code E-mail Address},
 * {@code email_address} and {@code EmailAddress} are the same name.
 */
public enum PlaintextField {
    RECORD_ID("record_id", "recordid", "id", "customerid", "contactid", "externalid", "klantnummer"),
    EMAIL("email", "email", "emailaddress", "mail", "emailadres"),
    PHONE("phone", "phone", "phonenumber", "mobile", "mobilenumber", "telephone", "tel", "telefoon"),
    COUNTRY("country", "country", "countrycode", "land"),
    POSTCODE("postcode", "postcode", "postalcode", "zip", "zipcode"),
    HOUSE_NUMBER("house_number", "housenumber", "huisnummer"),
    ADDITION("addition", "addition", "housenumberaddition", "housenumbersuffix", "toevoeging");

    private final String key;
    private final List<String> names;

    PlaintextField(final String key, final String... names) {
        this.key = key;
        this.names = List.of(names);
    }

    /** The field's name on the command line, e.g. {@code house_number}. */
    public String key() {
        return key;
    }

    /** Whether a header cell names this field. */
    boolean recognizes(final String header) {
        return names.contains(comparable(header));
    }

    /** The field called {@code key} ({@code email}, {@code house_number}, ...), if there is one. */
    public static Optional<PlaintextField> byKey(final String key) {
        for (final PlaintextField field : values()) {
            if (field.key.equals(key.strip().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** A header cell reduced to lower-case letters and digits. */
    static String comparable(final String header) {
        final StringBuilder out = new StringBuilder(header.length());
        header.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }
}
