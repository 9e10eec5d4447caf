package io.bakery.gateway.consent;

import io.bakery.gateway.http.InvalidParameterException;
import java.util.function.Function;

/**
 * The consent signals a pixel request carries, as sent.
 *
 * @param gdprApplies the {@code gdpr} parameter: true for 1, false for 0, null when absent
 * @param tcString the {@code gdpr_consent} parameter (an IAB TCF consent string), null when absent
 * @param usPrivacy the {@code us_privacy} parameter (IAB CCPA string such as {@code 1YNN}), null when absent
 * @param globalPrivacyControl whether the browser sent {@code Sec-GPC: 1}
 */
public record ConsentSignals(Boolean gdprApplies, String tcString, String usPrivacy, boolean globalPrivacyControl) {

    /** The header of the Global Privacy Control signal. */
    public static final String GPC_HEADER = "Sec-GPC";

    /** Reads the signals from request parameters and the GPC header; a {@code gdpr} other than 0/1 is refused. */
    public static ConsentSignals read(final Function<String, String> param, final String gpcHeader) {
        final String gdpr = param.apply("gdpr");
        final Boolean applies;
        if (gdpr == null || gdpr.isEmpty()) {
            applies = null;
        } else if (gdpr.equals("1")) {
            applies = Boolean.TRUE;
        } else if (gdpr.equals("0")) {
            applies = Boolean.FALSE;
        } else {
            throw new InvalidParameterException("gdpr", "bad_gdpr", "must be 0 or 1");
        }
        final String usPrivacy = param.apply("us_privacy");
        return new ConsentSignals(applies, param.apply("gdpr_consent"),
                usPrivacy == null || usPrivacy.isEmpty() ? null : usPrivacy, "1".equals(gpcHeader));
    }
}
