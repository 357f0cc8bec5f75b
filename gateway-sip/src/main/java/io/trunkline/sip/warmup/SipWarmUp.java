package io.trunkline.sip.warmup;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.trunkline.sip.header.CallPartiesExtractor;
import io.trunkline.sip.sdp.SdpAnswer;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Synthetic work through the signalling of a call, for the gateway to run before it reports ready: a Twilio-style
 * INVITE with its SDP offer (PCMU, PCMA, telephone-event), its ACK and BYE and an OPTIONS probe are parsed with the
 * JAIN-SIP stack's parser, the carrier headers extracted, the offer negotiated and answered, and 100, 180, 200 (with
 * the SDP answer), 503 and the BYE's 200 built and encoded. Nothing is sent anywhere.
 */
public final class SipWarmUp {
    private static final String HOST = "127.0.0.1";
    private static final String OFFER = String.join("\r\n",
            "v=0",
            "o=root 1234 1234 IN IP4 127.0.0.1",
            "s=Twilio Media Gateway",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 40150 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-16",
            "a=ptime:20",
            "a=maxptime:20",
            "a=rtcp:40151",
            "a=sendrecv", "");

    private SipWarmUp() {
    }

    /** One round: parse, negotiate, answer, end. */
    public static void run() {
        try {
            run0();
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("SIP warm-up messages do not parse", e);
        }
    }

    private static void run0() throws ParseException, InvalidArgumentException {
        MessageFactory messages = new MessageFactoryImpl();
        HeaderFactory headers = new HeaderFactoryImpl();
        AddressFactoryImpl addresses = new AddressFactoryImpl();
        Request invite = ((MessageFactoryImpl) messages).createRequest(request("INVITE", 1, true));
        CallPartiesExtractor.extract(invite);
        messages.createResponse(Response.TRYING, invite).toString().getBytes(StandardCharsets.UTF_8);
        SdpOffer offer = SdpOfferParser.parse(invite.getRawContent());
        if (!offer.isAccepted()) {
            throw new IllegalStateException("SIP warm-up offer refused: " + offer.problem());
        }
        Response ringing = messages.createResponse(Response.RINGING, invite);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag("warmup");
        ringing.toString().getBytes(StandardCharsets.UTF_8);
        String answer = SdpAnswer.write(offer, offer.media(), HOST, 20000, 1, 1);
        Response ok = messages.createResponse(Response.OK, invite, headers.createContentTypeHeader("application",
                "sdp"), answer.getBytes(StandardCharsets.US_ASCII));
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("warmup");
        ok.addHeader(headers.createContactHeader(addresses.createAddress("sip:" + HOST + ":5060")));
        ok.toString().getBytes(StandardCharsets.UTF_8);
        Response busy = messages.createResponse(Response.SERVICE_UNAVAILABLE, invite);
        busy.addHeader(headers.createRetryAfterHeader(5));
        busy.toString().getBytes(StandardCharsets.UTF_8);
        ((MessageFactoryImpl) messages).createRequest(request("ACK", 1, false));
        Request bye = ((MessageFactoryImpl) messages).createRequest(request("BYE", 2, false));
        messages.createResponse(Response.OK, bye).toString().getBytes(StandardCharsets.UTF_8);
        Request options = ((MessageFactoryImpl) messages).createRequest(request("OPTIONS", 1, false));
        messages.createResponse(Response.OK, options).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String request(String method, int cseq, boolean withOffer) {
        return request(method, cseq, withOffer, HOST, 5060, "warmup-" + method + "@" + HOST, 5070,
                "z9hG4bK-warmup-" + method, method.equals("INVITE") || method.equals("OPTIONS") ? null : "warmup");
    }

    /**
     * A request as Twilio sends it, from {@code 127.0.0.1:fromPort} to {@code host:port}; the INVITE carries the
     * SDP offer when {@code withOffer}; {@code toTag} null for requests outside a dialog.
     */
    static String request(String method, int cseq, boolean withOffer, String host, int port, String callId,
            int fromPort, String branch, String toTag) {
        String body = withOffer ? OFFER : "";
        StringBuilder text = new StringBuilder(1024)
                .append(method).append(" sip:+15083728299@").append(host).append(':').append(port)
                .append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP ").append(HOST).append(':').append(fromPort).append(";branch=")
                .append(branch).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:+15083084809@").append(HOST).append(':').append(fromPort)
                .append(">;tag=warmup\r\n")
                .append("To: <sip:+15083728299@").append(host).append(':').append(port).append('>')
                .append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:+15083084809@").append(HOST).append(':').append(fromPort).append(">\r\n")
                .append("User-Agent: Twilio Gateway\r\n")
                .append("Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS\r\n")
                .append("Diversion: <sip:+15083728299@twilio.com>;reason=unconditional\r\n")
                .append("P-Asserted-Identity: <sip:+15083084809@206.147.76.45:5060>\r\n")
                .append("X-Twilio-AccountSid: AC00000000000000000000000000000000\r\n")
                .append("X-Twilio-CallSid: CA00000000000000000000000000000000\r\n")
                .append("X-Tenant: warm-up\r\n");
        if (withOffer) {
            text.append("Content-Type: application/sdp\r\n");
        }
        return text.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }
}
