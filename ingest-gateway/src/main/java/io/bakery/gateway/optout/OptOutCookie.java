package io.bakery.gateway.optout;

import java.time.Duration;

/**
 * The opt-out cookie: a browser that carries it is never given a Bakery id again and none of its hits is stored.
 * It holds no identifier, only the fact.
 */
public final class OptOutCookie {

    public static final String NAME = "bkry_optout";
    public static final String VALUE = "1";
    /** Long-lived: an opt-out should outlast any id we might otherwise issue. */
    public static final Duration MAX_AGE = Duration.ofDays(5 * 365);

    private final String setCookie;

    public OptOutCookie(final String domain) {
        this.setCookie = NAME + "=" + VALUE + "; Max-Age=" + MAX_AGE.toSeconds() + "; Path=/"
                + (domain == null ? "" : "; Domain=" + domain) + "; Secure; HttpOnly; SameSite=None";
    }

    /** Whether the request's opt-out cookie value says the browser opted out. */
    public static boolean optedOut(final String cookieValue) {
        return VALUE.equals(cookieValue);
    }

    /** The {@code Set-Cookie} value that records the opt-out. */
    public String setCookie() {
        return setCookie;
    }
}
