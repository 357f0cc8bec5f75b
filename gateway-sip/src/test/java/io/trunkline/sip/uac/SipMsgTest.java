package io.trunkline.sip.uac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipMsgTest {

    @Test
    void requestsAndResponsesAreSip() {
        assertTrue(SipMsg.isSip("INVITE sip:+15551230000@127.0.0.1:5060 SIP/2.0\r\nVia: x\r\n\r\n"));
        assertTrue(SipMsg.isSip("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n"));
        assertTrue(SipMsg.isSip("SIP/2.0 183\r\n\r\n"));
    }

    @Test
    void anRtpPacketOnTheSignallingPortIsNotSip() {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        rtp[1] = 0;
        for (int i = 12; i < rtp.length; i++) {
            rtp[i] = (byte) (i % 7 == 0 ? '\r' : i % 7 == 1 ? '\n' : 0xff);
        }
        assertFalse(SipMsg.isSip(new String(rtp, StandardCharsets.UTF_8)));
        assertFalse(SipMsg.isSip(""));
        assertFalse(SipMsg.isSip("garbage without a space"));
    }

    @Test
    void theMethodOfARequestIsItsFirstWord() {
        assertEquals("BYE", SipMsg.parse("BYE sip:a@127.0.0.1 SIP/2.0\r\nCSeq: 2 BYE\r\n\r\n").method());
    }
}
