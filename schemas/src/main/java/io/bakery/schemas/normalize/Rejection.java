package io.bakery.schemas.normalize;

/** Why a value cannot be normalized or a hash cannot be accepted; the names are part of the spec and of reports. */
public enum Rejection {
    /** Nothing left after trimming. */
    EMPTY,
    /** Not one non-empty local part, one {@code @} and a domain of two or more non-empty labels, or has inner whitespace. */
    INVALID_EMAIL,
    /** Not a valid phone number for its country (or for the default country when it has no country code). */
    INVALID_PHONE,
    /** The address country is not two letters A-Z. */
    INVALID_COUNTRY,
    /** The postcode does not have the form of its country's postcodes. */
    INVALID_POSTCODE,
    /** No house number 1-999999, or an addition given twice or with characters other than A-Z and 0-9. */
    INVALID_HOUSE_NUMBER,
    /** Not 64 hex characters (any case) or 44 characters of padded standard Base64. */
    BAD_HASH,
    /** The SHA-256 of the empty string: an empty cell was hashed. */
    HASH_OF_EMPTY_VALUE
}
