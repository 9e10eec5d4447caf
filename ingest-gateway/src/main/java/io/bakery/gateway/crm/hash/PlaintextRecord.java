package io.bakery.gateway.crm.hash;

import io.bakery.schemas.normalize.AddressFields;

/**
 * One CRM record in plaintext, as read from a client's file or pulled from a CRM, before hashing. It lives only
 * in memory while its row is hashed; {@link #toString()} never shows a value.
 *
 * @param recordId the client's id of the record
 * @param email the email address, or null/blank when the record has none
 * @param phone the phone number, or null/blank when the record has none
 * @param address the postal address parts; null, or all of postcode, house number and addition blank, when none
 */
public record PlaintextRecord(String recordId, String email, String phone, AddressFields address) {

    @Override
    public String toString() {
        return "PlaintextRecord[values withheld]";
    }
}
