package io.trunkline.sip.uas.session;

import java.text.ParseException;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Adds the RFC 4028 headers to what the gateway sends: its 2xx, its 422, and the refreshes it sends itself. */
public final class SessionTimerHeaders {
    private SessionTimerHeaders() {
    }

    /**
     * Session-Expires and {@code Supported: timer} on a 2xx, and {@code Require: timer} when the caller supports
     * the extension (RFC 4028 section 9); nothing when {@code timer} is null (no session timer).
     */
    public static void addToAnswer(HeaderFactory headers, Response response, SessionTimer timer)
            throws ParseException {
        if (timer == null) {
            return;
        }
        response.addHeader(headers.createHeader("Session-Expires", timer.headerValue()));
        response.addHeader(headers.createHeader("Supported", SessionTimer.OPTION_TAG));
        if (timer.uacSupports()) {
            response.addHeader(headers.createHeader("Require", SessionTimer.OPTION_TAG));
        }
    }

    /** {@code Min-SE: seconds}, as a 422 names the smallest interval the gateway accepts (RFC 4028 section 6). */
    public static void addMinSe(HeaderFactory headers, Message message, int seconds) throws ParseException {
        message.addHeader(headers.createHeader("Min-SE", Integer.toString(seconds)));
    }

    /**
     * Session-Expires, Min-SE (the smaller of the interval and {@code minSeconds}) and {@code Supported: timer} on a
     * refresh the gateway sends (RFC 4028 section 7.4).
     */
    public static void addToRefresh(HeaderFactory headers, Request request, SessionTimer timer, int minSeconds)
            throws ParseException {
        request.addHeader(headers.createHeader("Session-Expires", timer.refreshRequestValue()));
        addMinSe(headers, request, Math.min(timer.seconds(), minSeconds));
        request.addHeader(headers.createHeader("Supported", SessionTimer.OPTION_TAG));
    }
}
