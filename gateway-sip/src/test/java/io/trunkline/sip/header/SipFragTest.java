package io.trunkline.sip.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipFragTest {

    private static SipFrag parse(String body) {
        return SipFrag.parse(body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theStatusLineOfTheFragment() {
        assertEquals(new SipFrag(100, "Trying"), parse("SIP/2.0 100 Trying\r\n"));
        assertEquals(new SipFrag(200, "OK"), parse("SIP/2.0 200 OK"));
        assertEquals(new SipFrag(503, "Service Unavailable"),
                parse("SIP/2.0 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n"));
        assertEquals(new SipFrag(486, ""), parse("SIP/2.0 486\r\n"));
        assertEquals(new SipFrag(180, "Ringing"), parse("sip/2.0 180 Ringing\n"));
    }

    @Test
    void anythingElseIsNoFragment() {
        for (String bad : new String[] {null, "", "SIP/2.0", "SIP/2.0 20 OK", "SIP/2.0 2000 OK", "SIP/2.0 99x Huh",
                "SIP/2.0 700 Too Big", "INVITE sip:a@b SIP/2.0", "HTTP/1.1 200 OK"}) {
            assertNull(parse(bad), bad);
        }
    }

    @Test
    void controlCharactersInTheReasonAreBlanked() {
        assertEquals("Busy Here", parse("SIP/2.0 486 Busy\u0007Here").reason());
        assertEquals(128, parse("SIP/2.0 500 " + "x".repeat(300)).reason().length());
    }
}
