package io.bakery.launcher.world;

import io.bakery.schemas.normalize.AddressFields;
import io.bakery.schemas.normalize.AddressKeyNormalizer;
import io.bakery.schemas.normalize.EmailNormalizer;
import io.bakery.schemas.normalize.Normalized;
import io.bakery.schemas.normalize.PhoneNormalizer;

/** A person's identifiers hashed with normalization spec v1, as the graph and the hashed CRM files carry them. */
final class HashedIdentifiers {

    private static final PhoneNormalizer PHONES = new PhoneNormalizer(Person.COUNTRY);
    private static final AddressKeyNormalizer ADDRESSES = new AddressKeyNormalizer(Person.COUNTRY);

    private HashedIdentifiers() {}

    static String email(final Person person) {
        return valid(EmailNormalizer.normalize(person.email()), "email");
    }

    static String phone(final Person person) {
        return valid(PHONES.normalize(person.phone()), "phone");
    }

    static String address(final Person person) {
        return valid(ADDRESSES.normalize(new AddressFields(Person.COUNTRY, person.postcode(), person.houseNumber(),
                null)), "address");
    }

    /** Whether {@code phone} is a number spec v1 accepts (the generator only keeps those). */
    static boolean validPhone(final String phone) {
        return PHONES.normalize(phone).isValid();
    }

    private static String valid(final Normalized normalized, final String what) {
        if (!normalized.isValid()) {
            throw new IllegalStateException("generated " + what + " rejected by spec v1: " + normalized.rejection());
        }
        return normalized.sha256();
    }
}
