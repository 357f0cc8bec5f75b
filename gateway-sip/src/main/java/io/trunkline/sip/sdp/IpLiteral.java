package io.trunkline.sip.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4 and IPv6 address literals without ever resolving a name: a SIP listener thread must not wait
 * for DNS, and a name in hostile input must not trigger a lookup.
 */
public final class IpLiteral {
    private static final int MAX_V6_CHARS = 45;

    private IpLiteral() {
    }

    /** The address, or null when {@code text} is not an IPv4 or IPv6 literal. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
    }

    /** The address if {@code text} is an IPv4 dotted quad, else null. */
    public static InetAddress parseV4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? byAddress(bytes) : null;
    }

    /** The address if {@code text} is an IPv6 literal (no zone id), else null. */
    public static InetAddress parseV6(String text) {
        if (text.length() > MAX_V6_CHARS || text.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // Only hex digits, colons and dots remain: the JDK parses this as a literal and never resolves it.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // cannot happen for four bytes
        }
    }
}
