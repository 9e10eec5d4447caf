package io.bakery.gateway.metrics;

import java.util.Locale;

/** What became of a pixel hit; the {@code outcome} tag of {@link GatewayMetrics#HITS}. */
public enum HitOutcome {
    /** Events published durably. */
    STORED,
    /** First hit without our cookie: redirected to itself to see whether the cookie comes back. */
    BOUNCED,
    /** The consent signals forbid storing. */
    BLOCKED_CONSENT,
    /** A parameter was refused (400). */
    INVALID,
    /** The browser carries our opt-out cookie. */
    OPTED_OUT,
    /** The bounce came back without our cookie: third-party cookies are blocked. */
    NO_THIRD_PARTY_COOKIE,
    /** The identity pixel was called without a valid Bakery id cookie: nothing to link. */
    NO_COOKIE;

    /** The lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
