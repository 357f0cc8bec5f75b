package io.trunkline.sip.uas.session;

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
    void supportWithoutIntervalGetsOursRefreshedByTheGateway() throws Exception {
        // Twilio's INVITE: Supported: timer and Min-SE, no Session-Expires.
        SessionTimer t = negotiate("Supported: replaces, timer", "Min-SE: 90");
        assertEquals("1800;refresher=uas", t.headerValue());
        assertFalse(t.peerRefreshes());
        assertTrue(t.uacSupports(), "so the 2xx carries Require: timer");
        assertFalse(t.tooSmall());
        assertEquals("3600;refresher=uas", negotiate("Supported: timer", "Min-SE: 3600").headerValue(),
                "never below the caller's own Min-SE");
        assertEquals("1800;refresher=uas", negotiate("k: timer").headerValue(), "compact Supported");
    }

    @Test
    void anIntervalWithoutRefresherIsRefreshedByTheGateway() throws Exception {
        SessionTimer t = negotiate("Supported: timer", "Session-Expires: 600");
        assertEquals("600;refresher=uas", t.headerValue());
        assertFalse(t.peerRefreshes());
        assertEquals("1800;refresher=uas", negotiate("Supported: timer", "x: 1800").headerValue(), "compact form");
    }

    @Test
    void aCallerThatNamesItselfRefreshes() throws Exception {
        SessionTimer t = negotiate("Supported: timer", "Session-Expires: 600;refresher=uac");
        assertEquals("600;refresher=uac", t.headerValue());
        assertTrue(t.peerRefreshes());
        assertEquals("600;refresher=uas",
                negotiate("Supported: timer", "Session-Expires: 600;refresher=uas").headerValue());
    }

    @Test
    void aCallerWithoutTimerSupportNeverRefreshes() throws Exception {
        SessionTimer unsupported = negotiate("Session-Expires: 600");
        assertEquals("600;refresher=uas", unsupported.headerValue(), "a caller without timer support cannot refresh");
        assertFalse(unsupported.uacSupports());
        // Naming itself changes nothing: a 2xx with refresher=uac needs Require: timer (RFC 4028 section 9).
        assertEquals("600;refresher=uas", negotiate("Session-Expires: 600;refresher=uac").headerValue());
    }

    @Test
    void ourOwnRefreshKeepsTheGatewayTheRefresher() throws Exception {
        SessionTimer t = negotiate("Supported: timer", "Session-Expires: 600");
        assertEquals("600;refresher=uac", t.refreshRequestValue(), "the gateway is the client of its refresh");
        assertEquals(t, t.afterRefreshAnswer(null), "a 2xx without Session-Expires changes nothing");
        assertEquals(t, t.afterRefreshAnswer("600;refresher=uac"));
        SessionTimer shorter = t.afterRefreshAnswer("300;refresher=uac");
        assertEquals("300;refresher=uas", shorter.headerValue());
        assertFalse(shorter.peerRefreshes());
        assertTrue(t.afterRefreshAnswer("600;refresher=uas").peerRefreshes(), "the peer took refreshing over");
        assertEquals(t, t.afterRefreshAnswer("soon"), "unreadable: kept");
        assertEquals("900;refresher=uas", t.withSeconds(900).headerValue());
    }

    @Test
    void allowDecidesBetweenUpdateAndReInvite() throws Exception {
        assertFalse(SessionTimer.allows(invite("Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS"), "UPDATE"),
                "Twilio's Allow");
        assertTrue(SessionTimer.allows(invite("Allow: INVITE, ACK, BYE, update"), "UPDATE"));
        assertTrue(SessionTimer.allows(invite("Allow: INVITE", "Allow: UPDATE"), "UPDATE"));
        assertFalse(SessionTimer.allows(invite(), "UPDATE"), "no Allow: re-INVITE, which every UA implements");
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
}
