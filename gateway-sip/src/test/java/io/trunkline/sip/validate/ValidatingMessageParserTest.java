package io.trunkline.sip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import io.trunkline.sip.stack.Slf4jStackLogger;
import io.trunkline.sip.validate.RefusalCarrier.Refusal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

class ValidatingMessageParserTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n";
    private final ValidatingMessageParser parser = new ValidatingMessageParser();

    static {
        // What a running stack does at start: without it the stack's parser logs through log4j, absent here.
        if (CommonLogger.legacyLogger == null) {
            CommonLogger.legacyLogger = new Slf4jStackLogger();
        }
    }

    private static String invite(String startLine, String extraHeaders) {
        return startLine + "\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15083084809@192.0.2.1>;tag=1928301774\r\n"
                + "To: <sip:+15083728299@gw.example.com>\r\n"
                + "Call-ID: a84b4c76e66710@192.0.2.1\r\n"
                + "CSeq: 314159 INVITE\r\n"
                + "Contact: <sip:192.0.2.1:5060>\r\n"
                + extraHeaders
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;
    }

    private static String invite(String extraHeaders) {
        return invite("INVITE sip:+15083728299@gw.example.com SIP/2.0", extraHeaders);
    }

    private SIPMessage datagram(String message) throws ParseException {
        return parser.parseSIPMessage(bytes(message), true, false, null);
    }

    /** What the stream framer hands over: the head alone, parsed without a listener. */
    private SIPMessage stream(String message) throws ParseException {
        int end = message.indexOf("\r\n\r\n");
        return parser.parseSIPMessage(bytes(message.substring(0, end + 4)), false, false, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void refusedEverywhere(String message, String reason) throws ParseException {
        ParseException e = assertThrows(ParseException.class, () -> datagram(message));
        assertEquals(reason, e.getMessage());
        Refusal r = RefusalCarrier.refusalOf(stream(message));
        assertNotNull(r, "a stream gets a carrier");
        assertEquals(reason, r.reason());
        String response = new String(r.response(), StandardCharsets.ISO_8859_1);
        assertTrue(response.startsWith("SIP/2.0 400 Bad Request (" + reason + ")\r\n"), response);
    }

    @Test
    void aTrunkInviteParsesAsTheStackWould() throws ParseException {
        SIPRequest r = assertInstanceOf(SIPRequest.class, datagram(invite("")));
        assertEquals("INVITE", r.getMethod());
        assertEquals("SIP/2.0", r.getRequestLine().getSipVersion());
        assertEquals(SDP, new String(r.getRawContent(), StandardCharsets.ISO_8859_1));
        assertNull(r.getApplicationData());
        SIPRequest s = assertInstanceOf(SIPRequest.class, stream(invite("X-Note: two Vias are fine\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKother\r\n")));
        assertEquals(2, s.getViaHeaders().size());
        assertNull(RefusalCarrier.refusalOf(s));
    }

    @Test
    void anotherVersionIsKeptForTheStacks505() throws ParseException {
        SIPRequest r = (SIPRequest) datagram(invite("INVITE sip:a@example.com SIP/7.0", ""));
        assertEquals("SIP/7.0", r.getRequestLine().getSipVersion());
        SIPRequest lower = (SIPRequest) datagram(invite("INVITE sip:a@example.com sip/2.0  ", ""));
        assertEquals("SIP/2.0", lower.getRequestLine().getSipVersion());
    }

    @Test
    void repeatedSingleValueHeadersAreRefusedByName() throws ParseException {
        refusedEverywhere(invite("Call-ID: other@192.0.2.2\r\n"), "Duplicate Call-ID header");
        refusedEverywhere(invite("CSeq: 59 INVITE\r\n"), "Duplicate CSeq header");
        refusedEverywhere(invite("f: <sip:x@example.net>;tag=2\r\n"), "Duplicate From header");
        refusedEverywhere(invite("TO : <sip:x@example.net>\r\n"), "Duplicate To header");
        refusedEverywhere(invite("Max-Forwards: 5\r\n"), "Duplicate Max-Forwards header");
        refusedEverywhere(invite("l: 5\r\n"), "Duplicate Content-Length header");
    }

    @Test
    void aCseqMethodOtherThanTheRequestsIsRefused() throws ParseException {
        refusedEverywhere(invite("OPTIONS sip:user@example.com SIP/2.0", ""),
                "CSeq method does not match the request method");
    }

    @Test
    void malformedCoreHeadersAndStartLinesAreNamed() throws ParseException {
        String quotbal = invite("").replace("To: <sip:+15083728299@gw.example.com>",
                "To: \"Mr. J. User <sip:j.user@example.com>");
        refusedEverywhere(quotbal, "Malformed To header");
        refusedEverywhere(invite("").replace("CSeq: 314159", "CSeq: 36893488147419103232"), "Malformed CSeq header");
        refusedEverywhere(invite("INVITE <sip:user@example.com> SIP/2.0", ""), "Malformed Request-Line");
        refusedEverywhere(invite("INVITE sip:user@example.com; lr SIP/2.0", ""), "Malformed Request-Line");
    }

    @Test
    void theStacksOwnFailuresGetFixedWords() {
        String clerr = invite("").replace("Content-Length: " + SDP.length(), "Content-Length: 9999");
        ParseException e = assertThrows(ParseException.class, () -> datagram(clerr));
        assertEquals("Content-Length does not match the body", e.getMessage());
        ParseException folded = assertThrows(ParseException.class,
                () -> datagram(invite("").replace("\r\nVia:", "\r\n folded\r\nVia:")));
        assertEquals("Malformed message", folded.getMessage());
    }

    @Test
    void aMalformedOrdinaryHeaderIsKeptUnparsed() throws ParseException {
        SIPRequest r = (SIPRequest) stream(invite("Expires: soon\r\n"));
        assertNull(RefusalCarrier.refusalOf(r));
        assertEquals("INVITE", r.getMethod());
    }

    @Test
    void ipv6RequestUrisMustBeBracketedAndWellFormed() throws ParseException {
        refusedEverywhere(invite("INVITE sip:2001:db8::10 SIP/2.0", ""),
                "IPv6 address without brackets in the Request-URI");
        refusedEverywhere(invite("INVITE sip:user@[2001:db8:::192.0.2.1] SIP/2.0", ""),
                "Malformed IPv6 reference in the Request-URI");
        assertNotNull(datagram(invite("INVITE sip:user@[2001:db8::10]:5060;transport=udp SIP/2.0", "")));
        assertNotNull(datagram(invite("INVITE sip:user:secret@example.com:5060 SIP/2.0", "")));
    }

    @Test
    void theStreamRefusalCopiesTheHeadersAsReceivedAndTagsTheTo() throws ParseException {
        String folded = "INVITE sip:user@example.com SIP/2.0\r\n"
                + "v: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKa\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bKb\r\n"
                + "t: \"Mr. J. User <sip:j.user@example.com>\r\n"
                + "From: <sip:caller@example.net>\r\n  ;tag=9\r\n"
                + "i: folded@example.net\r\n"
                + "CSeq: 8 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n";
        Refusal r = RefusalCarrier.refusalOf(stream(folded));
        String response = new String(r.response(), StandardCharsets.ISO_8859_1);
        assertTrue(response.startsWith("SIP/2.0 400 Bad Request (Malformed To header)\r\n"
                + "v: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKa\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bKb\r\n"
                + "t: \"Mr. J. User <sip:j.user@example.com>;tag="), response);
        assertTrue(response.contains("\r\nFrom: <sip:caller@example.net>\r\n  ;tag=9\r\ni: folded@example.net\r\n"
                + "CSeq: 8 INVITE\r\nContent-Length: 0\r\n\r\n"), response);
    }

    @Test
    void whatCannotBeAnsweredIsStillDropped() {
        String ack = invite("ACK sip:user@example.com SIP/2.0", "").replace("CSeq: 314159 INVITE", "CSeq: 1 ACK")
                + "";
        assertThrows(ParseException.class, () -> stream(ack.replace("Call-ID: a84", "Call-ID: a84\r\nCall-ID: b")));
        String response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKa\r\n"
                + "From: <sip:a@example.net>;tag=1\r\nTo: <sip:b@example.net>;tag=2\r\nCall-ID: c\r\n"
                + "CSeq: 1 BAD BAD\r\nContent-Length: 0\r\n\r\n";
        assertThrows(ParseException.class, () -> stream(response));
        String noCallId = invite("INVITE <sip:user@example.com> SIP/2.0", "").replace(
                "Call-ID: a84b4c76e66710@192.0.2.1\r\n", "");
        assertThrows(ParseException.class, () -> stream(noCallId));
    }

    @Test
    void anRfc2543AckPassesAsTheStackWouldTakeIt() throws ParseException {
        String ack = "ACK sip:UserB@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060\r\n"
                + "Max-Forwards: 70\r\nFrom: BigGuy <sip:UserA@example.com>\r\n"
                + "To: LittleGuy <sip:UserB@example.com>;tag=1\r\nCall-ID: 12345601@example.com\r\n"
                + "CSeq: 56 ACK\r\nContent-Length: 0\r\n\r\n";
        SIPRequest r = assertInstanceOf(SIPRequest.class, datagram(ack));
        assertEquals("ACK", r.getMethod());
        assertNull(RefusalCarrier.refusalOf(stream(ack)));
    }

    @Test
    void theValveAnswersCarriersOnlyAndDropsThem() throws ParseException {
        RefusalValve valve = new RefusalValve();
        SIPRequest good = (SIPRequest) stream(invite(""));
        assertTrue(valve.processRequest(good, null));
        SIPRequest carrier = (SIPRequest) stream(invite("CSeq: 2 INVITE\r\n"));
        assertEquals(false, valve.processRequest(carrier, null));
    }
}
