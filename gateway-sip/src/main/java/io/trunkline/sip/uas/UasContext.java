package io.trunkline.sip.uas;

import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.sip.uas.session.SessionTimer;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * What the UAS classes share for one server: the stack's provider, response building, the call registry, the
 * bridge, the pool that performs sends for the legs, and the advertised media address.
 *
 * @param provider      the stack's provider (all listening points)
 * @param responses     response and header building
 * @param registry      calls in progress
 * @param handler       the bridge
 * @param sendPool      runs leg actions off the caller's thread
 * @param mediaAddress  the address written into SDP answers
 */
record UasContext(
        SipProvider provider,
        Responses responses,
        CallRegistry registry,
        InboundCallHandler handler,
        Executor sendPool,
        String mediaAddress) {

    /** The session timer {@code request} asks for, against our Min-SE and interval (null: none). */
    SessionTimer negotiateSessionTimer(Request request) {
        return SessionTimer.negotiate(request, minSessionSeconds(), seconds(handler.sessionExpires()));
    }

    /** Our Min-SE, in seconds: the shortest session interval the gateway accepts. */
    int minSessionSeconds() {
        return seconds(handler.sessionMinExpires());
    }

    private static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toSeconds()));
    }
}
