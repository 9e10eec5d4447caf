package io.bakery.launcher.world;

import java.util.List;

/**
 * One synthetic person: plaintext identifiers (only ever written to the world's input folder, as a client's CRM
 * export would hold them) and the Bakery ids of the person's devices (empty for people outside the graph).
 *
 * @param email lower-case e-mail address
 * @param phone E.164 phone number, or null
 * @param postcode NL postcode (no space), or null when the person has no address on file
 * @param houseNumber house number, or null
 * @param bakeryIds the person's devices in the identity graph
 */
record Person(String email, String phone, String postcode, String houseNumber, List<String> bakeryIds) {

    /** The country of every generated address. */
    static final String COUNTRY = "NL";

    boolean hasAddress() {
        return postcode != null;
    }
}
