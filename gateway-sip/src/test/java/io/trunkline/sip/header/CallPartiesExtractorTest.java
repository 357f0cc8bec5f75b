package io.trunkline.sip.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.trunkline.core.record.CallParties;
import java.util.Map;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class CallPartiesExtractorTest {

    private static final String TWILIO_INVITE = """
            INVITE sip:+15083728299@gw.example.com:5060 SIP/2.0\r
            Via: SIP/2.0/UDP 54.172.60.1:5060;branch=z9hG4bK1234\r
            Max-Forwards: 70\r
            From: <sip:+15083084809@54.172.60.1:5060>;tag=abc123\r
            To: <sip:+15083728299@gw.example.com>\r
            Call-ID: 9f2a1c@54.172.60.1\r
            CSeq: 1 INVITE\r
            Contact: <sip:+15083084809@54.172.60.1:5060>\r
            User-Agent: Twilio Gateway\r
            Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS\r
            Diversion: <sip:+15083728299@twilio.com>;reason=unconditional\r
            P-Asserted-Identity: <sip:+15083084809@206.147.76.45:5060>\r
            X-Twilio-AccountSid: AC0123456789abcdef\r
            X-Twilio-CallSid: CAfedcba9876543210\r
            X-Tenant: acme\r
            x-lower-case: yes\r
            X-Repeated: one\r
            X-Repeated: two\r
            Content-Length: 0\r
            \r
            """;

    private static Request request(String text) throws Exception {
        return new MessageFactoryImpl().createRequest(text);
    }

    @Test
    void readsTwilioHeaders() throws Exception {
        CallParties p = CallPartiesExtractor.extract(request(TWILIO_INVITE));
        assertEquals("9f2a1c@54.172.60.1", p.sipCallId());
        assertEquals("sip:+15083084809@54.172.60.1:5060", p.from());
        assertEquals("sip:+15083728299@gw.example.com", p.to());
        assertEquals("CAfedcba9876543210", p.twilioCallSid());
        assertEquals("AC0123456789abcdef", p.twilioAccountSid());
        assertTrue(p.diversion().contains("sip:+15083728299@twilio.com"), p.diversion());
        assertTrue(p.diversion().contains("reason=unconditional"), p.diversion());
        assertTrue(p.assertedIdentity().contains("sip:+15083084809@206.147.76.45:5060"), p.assertedIdentity());
    }

    @Test
    void otherXHeadersBecomeCustomHeaders() throws Exception {
        Map<String, String> custom = CallPartiesExtractor.extract(request(TWILIO_INVITE)).customHeaders();
        assertEquals("acme", custom.get("X-Tenant"));
        assertEquals("yes", custom.get("x-lower-case"));
        assertEquals("one, two", custom.get("X-Repeated"));
        assertFalse(custom.containsKey("X-Twilio-CallSid"));
        assertFalse(custom.containsKey("X-Twilio-AccountSid"));
        assertFalse(custom.containsKey("User-Agent"));
        assertEquals(3, custom.size(), custom::toString);
    }

    @Test
    void absentHeadersAreNull() throws Exception {
        String plain = TWILIO_INVITE.replaceAll("(?m)^(X-|x-|Diversion|P-Asserted).*\r\n", "");
        CallParties p = CallPartiesExtractor.extract(request(plain));
        assertNull(p.twilioCallSid());
        assertNull(p.twilioAccountSid());
        assertNull(p.diversion());
        assertNull(p.assertedIdentity());
        assertTrue(p.customHeaders().isEmpty());
    }

    @Test
    void customHeadersAreBoundedInCountAndSize() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        many.append("X-Big: ").append("z".repeat(5000)).append("\r\n");
        String text = TWILIO_INVITE.replace("Content-Length: 0\r\n", many + "Content-Length: 0\r\n");
        Map<String, String> custom = CallPartiesExtractor.extract(request(text)).customHeaders();
        assertEquals(CallPartiesExtractor.MAX_CUSTOM_HEADERS, custom.size());
        custom.values().forEach(v -> assertTrue(v.length() <= CallPartiesExtractor.MAX_VALUE_CHARS));
    }
}
