package io.trunkline.sip.validate;

/**
 * Checks the text of an IPv6 address against the ABNF of RFC 4291 2.2 (as RFC 5954 restores it for SIP): up to
 * eight groups of one to four hex digits, one {@code ::} at most standing for one or more groups of zeros, and an
 * optional IPv4 dotted quad for the last 32 bits. Never resolves anything and allocates nothing.
 */
final class Ipv6Reference {
    private static final int GROUPS = 8;

    private Ipv6Reference() {
    }

    /** Whether {@code s[from, to)} is an IPv6 address (without brackets or zone). */
    static boolean isValid(CharSequence s, int from, int to) {
        int i = from;
        boolean compressed = false;
        int groups = 0;
        if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (true) {
            int start = i;
            while (i < to && Character.digit(s.charAt(i), 16) >= 0) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                if (!isIpv4(s, start, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            int digits = i - start;
            if (digits < 1 || digits > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
                if (s.charAt(i) == ':') {
                    return false;
                }
            } else if (i == to) {
                return false;
            }
        }
        return compressed ? groups < GROUPS : groups == GROUPS;
    }

    /** Whether {@code s[from, to)} is a dotted quad of decimal octets. */
    static boolean isIpv4(CharSequence s, int from, int to) {
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            char c = i < to ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && parts < 4) {
                parts++;
                value = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        return parts == 4;
    }
}
