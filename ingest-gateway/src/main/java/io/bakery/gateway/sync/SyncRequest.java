package io.bakery.gateway.sync;

import io.bakery.gateway.http.InvalidParameterException;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.partners.CookieIdRejection;
import io.bakery.schemas.partners.CookieIdRules;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A validated sync pixel request: {@code partner} maps to a configured client, {@code cookieid} passes that
 * client's DMP rules, the optional parameters are well formed.
 *
 * @param client the client the partner belongs to
 * @param partner the partner value as sent
 * @param cookieId the DMP cookie id
 * @param site the site name or id, if sent
 * @param read whether to redirect to the client's callback URL with our id
 * @param blank whether to answer 204 instead of the GIF ({@code f=b})
 * @param bounced whether this request is the return leg of a cookie bounce
 * @param strictCookieId whether the cookie id has the DMP's strict, documented shape
 */
public record SyncRequest(
        ClientConfig client,
        String partner,
        String cookieId,
        String site,
        boolean read,
        boolean blank,
        boolean bounced,
        boolean strictCookieId) {

    /** The marker a bounce adds to the pixel URL, so the return leg is told from a first hit. */
    public static final String BOUNCE_MARKER = "bkb";
    public static final int MAX_SITE_LENGTH = 128;
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");

    /** Reads and validates the parameters; throws {@link InvalidParameterException} naming the first bad one. */
    public static SyncRequest parse(final Function<String, String> param, final BakeryConfig config) {
        final String partner = param.apply("partner");
        if (partner == null || partner.isEmpty()) {
            throw new InvalidParameterException("partner", "missing", "is required");
        }
        final ClientConfig client = config.clientForPartner(partner).orElseThrow(() ->
                new InvalidParameterException("partner", "unknown_partner", "is not a configured partner"));
        final String cookieId = param.apply("cookieid");
        final CookieIdRules rules = CookieIdRules.forDmp(client.dmp());
        final Optional<CookieIdRejection> rejection = rules.validate(cookieId);
        if (rejection.isPresent()) {
            throw new InvalidParameterException("cookieid", rejection.get().code().tag(), rejection.get().reason());
        }
        final String site = param.apply("site");
        if (site != null && (site.isEmpty() || site.length() > MAX_SITE_LENGTH
                || !PRINTABLE.matcher(site).matches())) {
            throw new InvalidParameterException("site", "bad_site",
                    "must be 1 to " + MAX_SITE_LENGTH + " printable characters");
        }
        final boolean read = flag(param.apply("read"));
        final String format = param.apply("f");
        if (format != null && !format.equals("i") && !format.equals("b")) {
            throw new InvalidParameterException("f", "bad_format", "must be 'i' (image) or 'b' (blank)");
        }
        final boolean bounced = "1".equals(param.apply(BOUNCE_MARKER));
        return new SyncRequest(client, partner, cookieId, site, read, "b".equals(format), bounced,
                rules.hasStrictShape(cookieId));
    }

    private static boolean flag(final String read) {
        if (read == null || read.equals("false")) {
            return false;
        }
        if (read.equals("true")) {
            return true;
        }
        throw new InvalidParameterException("read", "bad_read", "must be 'true' or 'false'");
    }
}
