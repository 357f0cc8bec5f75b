package io.trunkline.bench.load.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Responses and requests parse with compact headers, folded lines and bodies; non-SIP gives null. */
class SipMessageTest {

    @Test
    void parsesAResponseWithCompactHeadersAndABody() {
        String text = "SIP/2.0 200 OK\r\n"
                + "v: SIP/2.0/UDP 127.0.0.1:5072;branch=z9hG4bK-1\r\n"
                + "f: <sip:a@127.0.0.1>;tag=abc\r\n"
                + "t: <sip:b@127.0.0.1>;tag=xyz\r\n"
                + "i: call-1@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "m: <sip:gw@127.0.0.1:5080;transport=udp>\r\n"
                + "Content-Length: 9\r\n\r\n"
                + "v=0\r\nc=x\r\n";
        SipMessage m = parse(text);
        assertTrue(m.isResponse());
        assertEquals(200, m.status());
        assertEquals("call-1@127.0.0.1", m.header("call-id"));
        assertEquals("INVITE", m.cseqMethod());
        assertEquals("xyz", SipMessage.param(m.header("To"), "tag"));
        assertEquals("sip:gw@127.0.0.1:5080;transport=udp", SipMessage.uri(m.header("Contact")));
        assertEquals("v=0\r\nc=x\r\n", m.body());
    }

    @Test
    void parsesARequestWithFoldedHeaderAndSeveralVias() {
        SipMessage m = parse("BYE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=1\r\n"
                + "Via: SIP/2.0/UDP b;branch=2\r\nSubject: one\r\n two\r\nCSeq: 5 BYE\r\n\r\n");
        assertEquals("BYE", m.method());
        assertEquals(0, m.status());
        assertEquals(2, m.headers("Via").size());
        assertEquals("one two", m.header("Subject"));
    }

    @Test
    void rejectsWhatIsNotSip() {
        assertNull(parse("GET / HTTP/1.1\r\n\r\n"));
    }

    private static SipMessage parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return SipMessage.parse(b, b.length);
    }
}
