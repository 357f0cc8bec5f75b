package io.trunkline.sip.guard;

import io.trunkline.core.config.ConfigException;
import io.trunkline.sip.sdp.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 network in CIDR form ({@code 54.172.60.0/30}, {@code 2001:db8::/32}); a bare address is a
 * single host. Host bits below the prefix are ignored, as routers do. An IPv4 network never matches an IPv6
 * address and the other way round (IPv4-mapped IPv6 addresses arrive as IPv4 from the JDK).
 */
public final class Cidr {
    static final String KEY = "sip.allowlist";

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws ConfigException naming {@code sip.allowlist} when the text is not an address literal with a prefix
     *                         in range (names are never resolved)
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(KEY, "an IPv4 or IPv6 CIDR such as 203.0.113.0/24", text);
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = IpLiteral.parse(addressPart);
        if (address == null || (addressPart.indexOf(':') >= 0) == (address instanceof Inet4Address)) {
            // a v6 literal the JDK folded to v4 (::ffff:a.b.c.d) is refused: write the v4 form instead
            throw new ConfigException(KEY, "an IPv4 or IPv6 CIDR such as 203.0.113.0/24", text);
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            prefix = parsePrefix(trimmed.substring(slash + 1), bits, text);
        }
        return new Cidr(mask(address.getAddress(), prefix), prefix, trimmed);
    }

    private static int parsePrefix(String digits, int bits, String text) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(KEY, "a prefix length from 0 to " + bits, text);
        }
        int prefix = Integer.parseInt(digits);
        if (prefix > bits) {
            throw new ConfigException(KEY, "a prefix length from 0 to " + bits, text);
        }
        return prefix;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** Whether {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & m) == (network[full] & 0xff);
    }

    public int prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
