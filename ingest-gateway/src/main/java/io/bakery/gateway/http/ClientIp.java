package io.bakery.gateway.http;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which IP a request comes from: the socket's peer, unless that peer is a configured trusted proxy, in which case
 * the last hop of {@code X-Forwarded-For} (the address the proxy itself saw). Earlier hops are whatever the sender
 * wrote and are never believed.
 */
final class ClientIp {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}");

    private final Set<String> trustedProxies;

    ClientIp(final Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    String of(final String remoteAddress, final String forwardedFor) {
        if (forwardedFor == null || !trustedProxies.contains(remoteAddress)) {
            return remoteAddress;
        }
        final String lastHop = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).strip();
        // A proxy that wrote something else than an address: count the proxy, not a made-up key per request.
        return IP_LITERAL.matcher(lastHop).matches() ? lastHop : remoteAddress;
    }
}
