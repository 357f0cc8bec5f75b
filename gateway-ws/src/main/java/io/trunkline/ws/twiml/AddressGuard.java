package io.trunkline.ws.twiml;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps requests to URLs that came from outside (status callbacks, redirects, TwiML from the Calls resource) away
 * from the gateway's own network (server-side request forgery): an address that is loopback, private, link-local,
 * unspecified, multicast, carrier-grade NAT or an IPv6 unique-local one is refused unless its host name is
 * trusted, or the address itself is (a trusted literal address is trusted whatever name leads to it). The address checked is the one connected to, so a name cannot resolve differently
 * between check and use. Immutable.
 */
public final class AddressGuard {

    /** Trusts nothing: every internal address is refused. */
    public static final AddressGuard STRICT = new AddressGuard(Set.of());

    private final Set<String> trustedHosts;

    /** @param trustedHosts host names or literal addresses whose requests may go anywhere (case-insensitive) */
    public AddressGuard(Set<String> trustedHosts) {
        this.trustedHosts = trustedHosts.stream().map(h -> normalise(h)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The same guard, also trusting {@code hosts}. */
    public AddressGuard trusting(Set<String> hosts) {
        Set<String> all = new java.util.HashSet<>(trustedHosts);
        all.addAll(hosts);
        return new AddressGuard(all);
    }

    /** Whether a request to {@code host}, resolved to {@code address}, may be sent. */
    public boolean allows(String host, InetAddress address) {
        if (trustedHosts.contains(normalise(host)) || trustedHosts.contains(normalise(address.getHostAddress()))) {
            return true;
        }
        return !internal(address);
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0); // IETF protocol assignments
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }

    private static String normalise(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
