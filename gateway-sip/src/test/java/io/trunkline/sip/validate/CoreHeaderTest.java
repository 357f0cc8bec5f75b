package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CoreHeaderTest {
    @Test
    void namesAndCompactFormsInAnyCaseWithSpaceBeforeTheColon() {
        assertEquals(CoreHeader.VIA, CoreHeader.of("Via: SIP/2.0/UDP a"));
        assertEquals(CoreHeader.VIA, CoreHeader.of("v  : SIP/2.0/UDP a"));
        assertEquals(CoreHeader.FROM, CoreHeader.of("f:<sip:a@b>"));
        assertEquals(CoreHeader.TO, CoreHeader.of("TO :"));
        assertEquals(CoreHeader.CALL_ID, CoreHeader.of("i: x"));
        assertEquals(CoreHeader.CALL_ID, CoreHeader.of("call-ID: x"));
        assertEquals(CoreHeader.CSEQ, CoreHeader.of("cseq: 0009"));
        assertEquals(CoreHeader.MAX_FORWARDS, CoreHeader.of("MaX-fOrWaRdS: 0068"));
        assertEquals(CoreHeader.CONTENT_LENGTH, CoreHeader.of("Content-Length   : 150"));
        assertEquals(CoreHeader.CONTENT_LENGTH, CoreHeader.of("l: 0"));
        assertEquals(CoreHeader.CONTENT_LENGTH, CoreHeader.of("L:0"));
    }

    @Test
    void otherHeadersAreNotCore() {
        assertNull(CoreHeader.of(""));
        assertNull(CoreHeader.of(": x"));
        assertNull(CoreHeader.of("Contact: <sip:a@b>"));
        assertNull(CoreHeader.of("c: application/sdp"));
        assertNull(CoreHeader.of("Content-Type: application/sdp"));
        assertNull(CoreHeader.of("To-Tag: x"));
        assertNull(CoreHeader.of("Viable: x"));
        assertNull(CoreHeader.of("m: <sip:a@b>"));
        assertNull(CoreHeader.of("t=0 0"));
        assertNull(CoreHeader.of("X-Twilio-CallSid: CA1"));
    }
}
