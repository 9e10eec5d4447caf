package io.bakery.schemas.normalize;

/**
 * The parts of a postal address that make its key, as the client wrote them; any may be null.
 *
 * @param country ISO 3166 alpha-2; the client's default country when blank
 * @param postcode the postcode in any usual spelling ({@code 1042 jn}, {@code NL-1042JN})
 * @param houseNumber the house number, possibly with its addition ({@code 12a}, {@code 12-3})
 * @param addition the house number addition, when written apart
 */
public record AddressFields(String country, String postcode, String houseNumber, String addition) {}
