package io.bakery.exporter.profile;

/** What one column of a delta file holds. */
public enum Column {
    /** The DMP's cookie id. */
    COOKIE_ID,
    /** The client's CRM record id. */
    RECORD_ID,
    /**
     * When the pair was last seen matched: the end of the client-day window, ISO-8601 UTC to the second. The
     * topology does not carry a per-pair match time, and the window end is what "delta of day D" means.
     */
    WINDOW_END,
    /** Snowplow only: which Snowplow id the cookie id is (domain_userid or network_userid), from the config. */
    ID_TYPE
}
