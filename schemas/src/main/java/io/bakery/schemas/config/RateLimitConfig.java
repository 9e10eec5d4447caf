package io.bakery.schemas.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The per-IP rate limit of the pixel endpoints: a token bucket per client IP. Absent from the file: no limit.
 *
 * @param perSecond tokens added per second per IP (the sustained rate)
 * @param burst the bucket's size: how many hits an IP may send at once
 * @param trackedIps how many IPs are remembered at most; the least recently seen is forgotten first, so memory
 *                   stays bounded whatever the number of senders
 * @param trustedProxies literal IP addresses of the load balancers in front of the gateway: only for a request
 *                       from one of them is the last hop of {@code X-Forwarded-For} taken as the client IP
 */
public record RateLimitConfig(Double perSecond, Integer burst, Integer trackedIps, List<String> trustedProxies) {

    /** The default bound on remembered IPs: about 10 MB of buckets. */
    public static final int DEFAULT_TRACKED_IPS = 100_000;
    private static final int MAX_TRACKED_IPS = 10_000_000;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}");

    public RateLimitConfig {
        trackedIps = trackedIps == null ? DEFAULT_TRACKED_IPS : trackedIps;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    void validate(final String field) {
        if (perSecond == null || !(perSecond > 0) || perSecond.isInfinite()) {
            throw new ConfigException(field + ".perSecond: must be a number above 0, was " + perSecond);
        }
        if (burst == null || burst < 1) {
            throw new ConfigException(field + ".burst: must be at least 1, was " + burst);
        }
        if (trackedIps < 1 || trackedIps > MAX_TRACKED_IPS) {
            throw new ConfigException(field + ".trackedIps: must be 1.." + MAX_TRACKED_IPS + ", was " + trackedIps);
        }
        for (int i = 0; i < trustedProxies.size(); i++) {
            final String proxy = trustedProxies.get(i);
            // Literal addresses only: a host name would need DNS at start and could change under us.
            if (proxy == null || !IP_LITERAL.matcher(proxy).matches()) {
                throw new ConfigException(field + ".trustedProxies[" + i + "]: must be a literal IP address, was '"
                        + proxy + "'");
            }
        }
    }
}
