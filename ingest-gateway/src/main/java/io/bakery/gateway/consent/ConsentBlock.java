package io.bakery.gateway.consent;

import java.util.Locale;

/** Why a request's consent signals forbid storing anything; counted by reason. */
public enum ConsentBlock {
    /** The browser sent {@code Sec-GPC: 1}. */
    GLOBAL_PRIVACY_CONTROL,
    /** {@code us_privacy} says the user opted out of sale, or the string is malformed. */
    US_PRIVACY_OPT_OUT,
    /** No {@code gdpr} parameter, and the configuration does not store when GDPR is unknown. */
    GDPR_UNKNOWN,
    /** {@code gdpr=1} without a consent string. */
    TCF_MISSING,
    /** {@code gdpr=1} with a consent string that does not decode. */
    TCF_INVALID,
    /** The consent string does not grant Purpose 1 (store and access information on a device). */
    TCF_NO_PURPOSE_ONE,
    /** The consent string does not grant consent to our vendor id (or none is configured). */
    TCF_NO_VENDOR_CONSENT;

    /** The lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
