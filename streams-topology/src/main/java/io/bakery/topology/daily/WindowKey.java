package io.bakery.topology.daily;

import java.time.LocalDate;

/**
 * The key of one row of the open daily windows: client, DMP cookie id, day, joined by NUL so that a prefix scan
 * by client, or by client and cookie, finds exactly their rows (ids never contain NUL: the gateway admits only
 * printable ASCII cookie ids and the configuration only {@code [a-z0-9_-]} client ids).
 */
record WindowKey(String clientId, String dmpCookieId, LocalDate day) {

    private static final char SEPARATOR = '\u0000';

    /** The store key. */
    String encode() {
        return clientId + SEPARATOR + dmpCookieId + SEPARATOR + day;
    }

    /** Parses a store key written by {@link #encode()}. */
    static WindowKey decode(final String key) {
        final int first = key.indexOf(SEPARATOR);
        final int last = key.lastIndexOf(SEPARATOR);
        return new WindowKey(key.substring(0, first), key.substring(first + 1, last),
                LocalDate.parse(key.substring(last + 1)));
    }

    /** The prefix of every row of a client. */
    static String clientPrefix(final String clientId) {
        return clientId + SEPARATOR;
    }

    /** The prefix of every open day of one cookie of a client. */
    static String cookiePrefix(final String clientId, final String dmpCookieId) {
        return clientId + SEPARATOR + dmpCookieId + SEPARATOR;
    }
}
