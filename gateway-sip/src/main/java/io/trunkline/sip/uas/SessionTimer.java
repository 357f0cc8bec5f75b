package io.trunkline.sip.uas;

import java.util.Locale;
import java.util.ListIterator;
import javax.sip.header.Header;
import javax.sip.message.Request;

/**
 * RFC 4028 session-timer negotiation for one INVITE, re-INVITE or UPDATE, as the UAS: whether the caller wants a
 * session timer, at which interval, and who refreshes. The gateway never refreshes itself when it can choose: with
 * a caller that supports timers it asks for {@code refresher=uac}; only a caller that names {@code refresher=uas}
 * (or sends Session-Expires without supporting timers) makes the gateway the refresher.
 *
 * @param seconds      the session interval agreed, or the Min-SE to answer with when {@link #tooSmall}
 * @param refresherUac whether the caller refreshes (else the gateway does)
 * @param uacSupports  whether the caller listed {@code timer} in Supported (then our 2xx carries Require: timer)
 * @param tooSmall     the request asked for less than our Min-SE: answer 422 with {@code Min-SE: seconds}
 */
record SessionTimer(int seconds, boolean refresherUac, boolean uacSupports, boolean tooSmall) {
    static final String OPTION_TAG = "timer";

    /**
     * The timer for {@code request}, or null when the caller asked for none and does not support timers.
     *
     * @param minSeconds     our Min-SE
     * @param defaultSeconds the interval we ask for when the caller supports timers but named none
     */
    static SessionTimer negotiate(Request request, int minSeconds, int defaultSeconds) {
        boolean supports = hasOptionTag(request, "Supported", "k") || hasOptionTag(request, "Require", null);
        String sessionExpires = value(request, "Session-Expires", "x");
        int requestMinSe = Math.max(0, seconds(value(request, "Min-SE", null)));
        int floor = Math.max(minSeconds, requestMinSe);
        if (sessionExpires == null) {
            if (!supports) {
                return null;
            }
            return new SessionTimer(Math.max(defaultSeconds, floor), true, true, false);
        }
        int asked = seconds(sessionExpires);
        if (asked <= 0) {
            return null; // unreadable: treat as no timer requested rather than fail the call
        }
        if (asked < minSeconds) {
            return new SessionTimer(minSeconds, true, supports, true);
        }
        String refresher = parameter(sessionExpires, "refresher");
        boolean uac = refresher == null ? supports : refresher.equals("uac");
        return new SessionTimer(asked, uac, supports, false);
    }

    /** The Session-Expires header value for our 2xx. */
    String headerValue() {
        return seconds + ";refresher=" + (refresherUac ? "uac" : "uas");
    }

    /**
     * When, after the 2xx, the session counts as expired without a refresh (RFC 4028 section 10: the interval less
     * the smaller of 32 s and a third of it), in milliseconds.
     */
    long expiryMillis() {
        long ms = seconds * 1000L;
        return ms - Math.min(32_000L, ms / 3);
    }

    /** When the gateway, as refresher, sends its refresh: half the interval (RFC 4028 section 10). */
    long refreshMillis() {
        return seconds * 500L;
    }

    private static boolean hasOptionTag(Request request, String name, String compact) {
        for (String headerName : compact == null ? new String[] {name} : new String[] {name, compact}) {
            ListIterator<?> headers = request.getHeaders(headerName);
            while (headers != null && headers.hasNext()) {
                for (String tag : text((Header) headers.next()).split(",")) {
                    if (tag.trim().equalsIgnoreCase(OPTION_TAG)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String value(Request request, String name, String compact) {
        Header h = request.getHeader(name);
        if (h == null && compact != null) {
            h = request.getHeader(compact);
        }
        return h == null ? null : text(h);
    }

    /** The header's value: its text without the name and the line end. */
    private static String text(Header header) {
        String line = header.toString().trim();
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(colon + 1).trim();
    }

    /** The leading delta-seconds of {@code value}, or -1. */
    private static int seconds(String value) {
        if (value == null) {
            return -1;
        }
        int end = 0;
        while (end < value.length() && end < 10 && Character.isDigit(value.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return -1;
        }
        long n = Long.parseLong(value.substring(0, end));
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    private static String parameter(String value, String name) {
        for (String part : value.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase(name)) {
                return kv[1].trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
