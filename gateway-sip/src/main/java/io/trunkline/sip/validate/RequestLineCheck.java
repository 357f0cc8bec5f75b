package io.trunkline.sip.validate;

/**
 * What the stack's request-line parser lets through but RFC 3261 and RFC 5118 do not: another SIP version (the
 * parser reads any {@code SIP/x.y} as SIP/2.0) and an IPv6 host in a SIP Request-URI that is unbracketed or not an
 * IPv6 address. Works on the start line the parser has already accepted, so its shape
 * ({@code Method SP Request-URI SP SIP-Version}) is known. A few index scans; allocates only when it finds a problem.
 */
final class RequestLineCheck {
    static final String SIP_2_0 = "SIP/2.0";

    private RequestLineCheck() {
    }

    /** The version the request line names when it is not SIP/2.0, else null. */
    static String otherVersion(String line) {
        int end = trimmedEnd(line);
        int start = lastSpace(line, end) + 1;
        if (end - start == SIP_2_0.length() && line.regionMatches(true, start, SIP_2_0, 0, end - start)) {
            return null;
        }
        return line.substring(start, end);
    }

    /** A reason phrase naming what is wrong with the host of a sip: or sips: Request-URI, or null. */
    static String uriProblem(String line) {
        int end = trimmedEnd(line);
        int uriEnd = lastSpace(line, end);
        int uriStart = 0;
        while (uriStart < uriEnd && !isSpace(line.charAt(uriStart))) {
            uriStart++;
        }
        while (uriStart < uriEnd && isSpace(line.charAt(uriStart))) {
            uriStart++;
        }
        if (uriStart >= uriEnd) {
            return null;
        }
        int hostStart;
        if (line.regionMatches(true, uriStart, "sip:", 0, 4)) {
            hostStart = uriStart + 4;
        } else if (line.regionMatches(true, uriStart, "sips:", 0, 5)) {
            hostStart = uriStart + 5;
        } else {
            return null;
        }
        // A user part ends at the only '@' a SIP URI may hold unescaped (RFC 3261 25.1).
        int at = line.indexOf('@', hostStart);
        if (at >= 0 && at < uriEnd) {
            hostStart = at + 1;
        }
        int hostEnd = hostStart;
        while (hostEnd < uriEnd && line.charAt(hostEnd) != ';' && line.charAt(hostEnd) != '?') {
            hostEnd++;
        }
        if (hostStart < hostEnd && line.charAt(hostStart) == '[') {
            int close = line.indexOf(']', hostStart);
            if (close < 0 || close > hostEnd || !Ipv6Reference.isValid(line, hostStart + 1, close)) {
                return "Malformed IPv6 reference in the Request-URI";
            }
            return null;
        }
        int colon = line.indexOf(':', hostStart);
        if (colon >= 0 && colon < hostEnd && line.indexOf(':', colon + 1) >= 0
                && line.indexOf(':', colon + 1) < hostEnd) {
            return "IPv6 address without brackets in the Request-URI";
        }
        return null;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static int trimmedEnd(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) <= ' ') {
            end--;
        }
        return end;
    }

    private static int lastSpace(String line, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (isSpace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
