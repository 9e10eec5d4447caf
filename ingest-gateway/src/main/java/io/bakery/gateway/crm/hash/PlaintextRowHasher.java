package io.bakery.gateway.crm.hash;

import io.bakery.gateway.crm.RowRejection;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.normalize.AddressFields;
import io.bakery.schemas.normalize.AddressKeyNormalizer;
import io.bakery.schemas.normalize.EmailNormalizer;
import io.bakery.schemas.normalize.Normalized;
import io.bakery.schemas.normalize.NormalizationSpec;
import io.bakery.schemas.normalize.PhoneNormalizer;
import io.bakery.schemas.normalize.Rejection;
import io.bakery.schemas.normalize.Whitespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashes one plaintext CRM record under normalization spec v1: email (basic and canonical variant), phone and
 * postal address key, each only when present. Shared by {@code bakery hash} (files) and the CRM pull path.
 *
 * <p>A record is hashed whole or rejected whole, with the first reason found: a file where one record's phone is
 * silently dropped would match less than its owner expects without telling them why; rejecting the row puts
 * it in the report with its row number, as the upload API does for a bad hash.
 */
public final class PlaintextRowHasher {

    /** The outcome for one record: the hashed record, or why it was rejected (a {@link RowRejection} or a
     * {@link Rejection} of the spec). */
    public record Outcome(HashedRecord record, Enum<?> rejection) {
        static Outcome rejected(final Enum<?> rejection) {
            return new Outcome(null, rejection);
        }
    }

    private final PhoneNormalizer phones;
    private final AddressKeyNormalizer addresses;
    private final int maxRecordIdChars;

    /**
     * A hasher for one client.
     *
     * @param defaultCountry ISO 3166 alpha-2 country for phone numbers without a country code and addresses
     *     without a country; null for none
     * @param maxRecordIdChars the longest record id the upload API accepts
     */
    public PlaintextRowHasher(final String defaultCountry, final int maxRecordIdChars) {
        this.phones = new PhoneNormalizer(defaultCountry);
        this.addresses = new AddressKeyNormalizer(defaultCountry);
        this.maxRecordIdChars = maxRecordIdChars;
    }

    /** Hashes {@code record}; the duplicate check across records is the caller's (it knows the scope). */
    public Outcome hash(final PlaintextRecord record) {
        final String recordId = record.recordId() == null ? "" : record.recordId().strip();
        if (recordId.isEmpty()) {
            return Outcome.rejected(RowRejection.MISSING_RECORD_ID);
        }
        if (recordId.length() > maxRecordIdChars) {
            return Outcome.rejected(RowRejection.RECORD_ID_TOO_LONG);
        }
        final List<HashedIdentifier> identifiers = new ArrayList<>(4);
        if (present(record.email())) {
            final EmailNormalizer.Forms email = EmailNormalizer.forms(record.email());
            if (!email.basic().isValid()) {
                return Outcome.rejected(email.basic().rejection());
            }
            final HashedIdentifier basic = identifier(IdentifierType.EMAIL_SHA256, email.basic());
            identifiers.add(basic);
            // Outside Gmail the canonical variant is the basic form itself: one SHA-256 serves both.
            identifiers.add(email.canonical() == email.basic()
                    ? new HashedIdentifier(IdentifierType.EMAIL_CANONICAL_SHA256, basic.getHash(),
                            NormalizationSpec.VERSION)
                    : identifier(IdentifierType.EMAIL_CANONICAL_SHA256, email.canonical()));
        }
        if (present(record.phone())) {
            final Normalized phone = phones.normalize(record.phone());
            if (!phone.isValid()) {
                return Outcome.rejected(phone.rejection());
            }
            identifiers.add(identifier(IdentifierType.PHONE_SHA256, phone));
        }
        if (hasAddress(record.address())) {
            final Normalized address = addresses.normalize(record.address());
            if (!address.isValid()) {
                return Outcome.rejected(address.rejection());
            }
            identifiers.add(identifier(IdentifierType.ADDRESS_SHA256, address));
        }
        if (identifiers.isEmpty()) {
            return Outcome.rejected(RowRejection.NO_IDENTIFIER);
        }
        return new Outcome(new HashedRecord(recordId, identifiers), null);
    }

    /**
     * Whether the record has an address at all: a country alone is not one (exports often fill the country of
     * every row), so only a postcode, house number or addition makes the address count, and then it must be valid.
     */
    private static boolean hasAddress(final AddressFields address) {
        return address != null
                && (present(address.postcode()) || present(address.houseNumber()) || present(address.addition()));
    }

    /** Not blank under spec v1 (blank is what the normalizers would reject as {@link Rejection#EMPTY}). */
    private static boolean present(final String value) {
        return !Whitespace.isBlank(value);
    }

    private static HashedIdentifier identifier(final IdentifierType type, final Normalized value) {
        return new HashedIdentifier(type, value.sha256(), NormalizationSpec.VERSION);
    }
}
