package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class RequestChecksTest {

    private static Request request(String startLine, String... extra) throws Exception {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        sb.append("Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-checks\r\n");
        sb.append("From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: checks@192.0.2.1\r\n");
        String method = startLine.substring(0, startLine.indexOf(' '));
        sb.append("CSeq: 1 ").append(method).append("\r\n");
        for (String h : extra) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return (Request) new StringMsgParser().parseSIPMessage(sb.toString().getBytes(StandardCharsets.US_ASCII),
                true, false, null);
    }

    @Test
    void anUnknownRequestUriSchemeIs416() throws Exception {
        RequestChecks.Refusal r = RequestChecks.check(request("OPTIONS nobodyKnowsThisScheme:opaque SIP/2.0",
                "Max-Forwards: 70"));
        assertEquals(416, r.status());
        assertTrue(r.reason().contains("nobodyKnowsThisScheme"), r.reason());
        assertNull(RequestChecks.check(request("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards: 70")));
        assertNull(RequestChecks.check(request("OPTIONS tel:+15550001111 SIP/2.0", "Max-Forwards: 70")));
    }

    @Test
    void anUnsupportedRequiredExtensionIs420ListingIt() throws Exception {
        RequestChecks.Refusal r = RequestChecks.check(request("OPTIONS sip:b@example.com SIP/2.0",
                "Max-Forwards: 70", "Require: nothingSupportedHere, timer", "Proxy-Require: noProxiesSupportThis"));
        assertEquals(420, r.status());
        assertEquals(List.of("nothingSupportedHere"), r.unsupported(), "Proxy-Require is not the UAS's business");
        assertNull(RequestChecks.check(request("INVITE sip:b@example.com SIP/2.0", "Max-Forwards: 70",
                "Require: timer")));
    }

    @Test
    void anInviteWhoseAcceptExcludesSdpIs406() throws Exception {
        RequestChecks.Refusal r = RequestChecks.check(request("INVITE sip:b@example.com SIP/2.0",
                "Max-Forwards: 70", "Accept: text/nobodyKnowsThis"));
        assertEquals(406, r.status());
        for (String accept : List.of("application/sdp", "application/*", "*/*", "text/plain, application/sdp")) {
            assertNull(RequestChecks.check(request("INVITE sip:b@example.com SIP/2.0", "Max-Forwards: 70",
                    "Accept: " + accept)), accept);
        }
        assertNull(RequestChecks.check(request("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards: 70",
                "Accept: text/nobodyKnowsThis")), "only an INVITE's answer must carry SDP");
    }

    @Test
    void ackAndCancelAreNeverRefused() throws Exception {
        assertNull(RequestChecks.check(request("CANCEL nobodyKnowsThisScheme:x SIP/2.0", "Max-Forwards: 70",
                "Require: foo")));
    }

    @Test
    void onlyAnRfc2543ClientMayLeaveMaxForwardsOut() throws Exception {
        HeaderFactoryImpl headers = new HeaderFactoryImpl();
        Request modern = request("INVITE sip:b@example.com SIP/2.0");
        assertFalse(RequestChecks.supplyMaxForwards(modern, headers));
        String old = "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP iftgw.example.com\r\n"
                + "From: <sip:a@example.com>\r\nTo: <sip:b@example.com>\r\nCall-ID: old@192.0.2.1\r\n"
                + "CSeq: 56 INVITE\r\nContent-Length: 0\r\n\r\n";
        Request rfc2543 = (Request) new StringMsgParser().parseSIPMessage(old.getBytes(StandardCharsets.US_ASCII),
                true, false, null);
        assertTrue(RequestChecks.supplyMaxForwards(rfc2543, headers));
        assertEquals(70, ((MaxForwardsHeader) rfc2543.getHeader(MaxForwardsHeader.NAME)).getMaxForwards());
    }
}
