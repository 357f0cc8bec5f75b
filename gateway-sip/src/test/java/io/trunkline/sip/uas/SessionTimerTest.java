package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class SessionTimerTest {
    private static final int MIN_SE = 90;
    private static final int DEFAULT_SE = 1800;

    private static Request invite(String... headers) throws Exception {
        StringBuilder text = new StringBuilder("INVITE sip:+15550002@127.0.0.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                + "From: <sip:+15550001@127.0.0.1>;tag=a\r\n"
                + "To: <sip:+15550002@127.0.0.1>\r\n"
                + "Call-ID: st-1@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n");
        for (String h : headers) {
            text.append(h).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        return new MessageFactoryImpl().createRequest(text.toString());
    }

    private static SessionTimer negotiate(String... headers) throws Exception {
        return SessionTimer.negotiate(invite(headers), MIN_SE, DEFAULT_SE);
    }

    @Test
    void noTimerWithoutSupportOrRequest() throws Exception {
        assertNull(negotiate());
        assertNull(negotiate("Supported: replaces, 100rel"));
    }

    @Test
    void supportWithoutIntervalGetsOursRefreshedByTheCaller() throws Exception {
        SessionTimer t = negotiate("Supported: replaces, timer");
        assertEquals("1800;refresher=uac", t.headerValue());
        assertTrue(t.uacSupports());
        assertFalse(t.tooSmall());
        assertEquals("3600;refresher=uac", negotiate("Supported: timer", "Min-SE: 3600").headerValue(),
                "never below the caller's own Min-SE");
        assertEquals("1800;refresher=uac", negotiate("k: timer").headerValue(), "compact Supported");
    }

    @Test
    void theCallersIntervalAndRefresherAreKept() throws Exception {
        assertEquals("600;refresher=uac", negotiate("Supported: timer", "Session-Expires: 600").headerValue());
        assertEquals("600;refresher=uas",
                negotiate("Supported: timer", "Session-Expires: 600;refresher=uas").headerValue());
        SessionTimer unsupported = negotiate("Session-Expires: 600");
        assertEquals("600;refresher=uas", unsupported.headerValue(), "a caller without timer support cannot refresh");
        assertFalse(unsupported.uacSupports());
        assertEquals("1800;refresher=uac", negotiate("Supported: timer", "x: 1800").headerValue(), "compact form");
    }

    @Test
    void tooSmallAnIntervalIs422WithOurMinSe() throws Exception {
        SessionTimer t = negotiate("Supported: timer", "Session-Expires: 60");
        assertTrue(t.tooSmall());
        assertEquals(MIN_SE, t.seconds());
        assertFalse(negotiate("Session-Expires: 90").tooSmall(), "exactly Min-SE is accepted");
    }

    @Test
    void expiryFollowsRfc4028Section10() throws Exception {
        assertEquals(1_800_000 - 32_000, negotiate("Supported: timer").expiryMillis(), "interval less 32 s");
        assertEquals(60_000, negotiate("Session-Expires: 90").expiryMillis(), "interval less a third");
        assertEquals(900_000, negotiate("Supported: timer").refreshMillis(), "our refresh at half the interval");
    }

    @Test
    void reasonCauseNamesWhyTheGatewayHungUp() {
        assertEquals(408, SipCall.reasonCause(io.trunkline.core.call.EndReason.RTP_INACTIVITY));
        assertEquals(408, SipCall.reasonCause(io.trunkline.core.call.EndReason.SESSION_EXPIRED));
        assertEquals(408, SipCall.reasonCause(io.trunkline.core.call.EndReason.NO_ACK));
        assertEquals(503, SipCall.reasonCause(io.trunkline.core.call.EndReason.SHUTDOWN));
        assertEquals(200, SipCall.reasonCause(io.trunkline.core.call.EndReason.AGENT_HANGUP));
    }
}
