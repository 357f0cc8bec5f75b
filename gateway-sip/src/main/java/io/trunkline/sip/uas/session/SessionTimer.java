package io.trunkline.sip.uas.session;

import java.util.Locale;
import java.util.ListIterator;
import javax.sip.header.Header;
import javax.sip.message.Request;

/**
 * RFC 4028 session-timer negotiation for one INVITE, re-INVITE or UPDATE, as the UAS: whether the caller wants a
 * session timer, at which interval, and who refreshes. Whenever the choice is the gateway's (the request names no
 * refresher), the gateway refreshes itself ({@code refresher=uas}), so that a long call never depends on whether
 * the carrier refreshes; only a caller that supports timers and names {@code refresher=uac} refreshes. A caller
 * that does not support timers cannot be the refresher: a 2xx naming it would need {@code Require: timer}, which
 * may only be sent to a caller that supports the extension (RFC 4028 section 9).
 *
 * @param seconds       the session interval agreed, or the Min-SE to answer with when {@link #tooSmall}
 * @param peerRefreshes whether the caller refreshes (else the gateway does)
 * @param uacSupports   whether the caller listed {@code timer} in Supported (then our 2xx carries Require: timer)
 * @param tooSmall      the request asked for less than our Min-SE: answer 422 with {@code Min-SE: seconds}
 */
public record SessionTimer(int seconds, boolean peerRefreshes, boolean uacSupports, boolean tooSmall) {
    public static final String OPTION_TAG = "timer";

    /**
     * The timer for {@code request}, or null when the caller asked for none and does not support timers.
     *
     * @param minSeconds     our Min-SE
     * @param defaultSeconds the interval we ask for when the caller supports timers but named none
     */
    public static SessionTimer negotiate(Request request, int minSeconds, int defaultSeconds) {
        boolean supports = hasOptionTag(request, "Supported", "k") || hasOptionTag(request, "Require", null);
        String sessionExpires = value(request, "Session-Expires", "x");
        int requestMinSe = Math.max(0, seconds(value(request, "Min-SE", null)));
        int floor = Math.max(minSeconds, requestMinSe);
        if (sessionExpires == null) {
            if (!supports) {
                return null;
            }
            return new SessionTimer(Math.max(defaultSeconds, floor), false, true, false);
        }
        int asked = seconds(sessionExpires);
        if (asked <= 0) {
            return null; // unreadable: treat as no timer requested rather than fail the call
        }
        if (asked < minSeconds) {
            return new SessionTimer(minSeconds, true, supports, true);
        }
        boolean callerRefreshes = supports && "uac".equals(parameter(sessionExpires, "refresher"));
        return new SessionTimer(asked, callerRefreshes, supports, false);
    }

    /** The Session-Expires header value for our 2xx: {@code uac} is the caller, {@code uas} the gateway. */
    public String headerValue() {
        return seconds + ";refresher=" + (peerRefreshes ? "uac" : "uas");
    }

    /**
     * The Session-Expires header value for a refresh the gateway sends. In a request the parameter names the roles
     * of that transaction, and the gateway is now its client: RFC 4028 section 7.4 recommends {@code uac} for the
     * element that performs the refreshes, which keeps the gateway the refresher.
     */
    public String refreshRequestValue() {
        return seconds + ";refresher=uac";
    }

    /** The same timer with another interval (a 422 to our refresh asked for more). */
    public SessionTimer withSeconds(int newSeconds) {
        return new SessionTimer(newSeconds, peerRefreshes, uacSupports, false);
    }

    /**
     * The timer after a 2xx to a refresh the gateway sent, from that 2xx's Session-Expires ({@code sessionExpires},
     * null when absent). The peer may shorten the interval or take refreshing over ({@code refresher=uas}: the
     * server of that transaction). A 2xx without Session-Expires leaves the timer as it was: the gateway goes on
     * refreshing, which costs one request per half interval and still finds a peer that has lost the call.
     */
    public SessionTimer afterRefreshAnswer(String sessionExpires) {
        int answered = seconds(sessionExpires);
        if (answered <= 0) {
            return this;
        }
        boolean peer = "uas".equals(parameter(sessionExpires, "refresher"));
        return new SessionTimer(answered, peer, uacSupports, false);
    }

    /** The value of header {@code name} (or its compact form) in {@code message}, or null. */
    public static String value(javax.sip.message.Message message, String name, String compact) {
        Header h = message.getHeader(name);
        if (h == null && compact != null) {
            h = message.getHeader(compact);
        }
        return h == null ? null : text(h);
    }

    /** Whether {@code message}'s Allow headers list {@code method}. */
    public static boolean allows(javax.sip.message.Message message, String method) {
        ListIterator<?> headers = message.getHeaders("Allow");
        while (headers != null && headers.hasNext()) {
            for (String m : text((Header) headers.next()).split(",")) {
                if (m.trim().equalsIgnoreCase(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * When, after the 2xx, the session counts as expired without a refresh (RFC 4028 section 10: the interval less
     * the smaller of 32 s and a third of it), in milliseconds.
     */
    public long expiryMillis() {
        long ms = seconds * 1000L;
        return ms - Math.min(32_000L, ms / 3);
    }

    /** When the gateway, as refresher, sends its refresh: half the interval (RFC 4028 section 10). */
    public long refreshMillis() {
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

    /** The header's value: its text without the name and the line end. */
    private static String text(Header header) {
        String line = header.toString().trim();
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(colon + 1).trim();
    }

    /** The leading delta-seconds of {@code value}, or -1. */
    public static int seconds(String value) {
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
