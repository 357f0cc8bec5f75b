package io.trunkline.sip.outbound;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Builds the requests and responses of outbound calls: the INVITE toward the trunk ({@code sip:<to>@<trunk>}, From
 * the caller ID, our SDP offer), its authenticated copy, and the answers to the trunk's requests in the dialog.
 */
final class UacMessages {
    static final List<String> ALLOWED = List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE,
            Request.OPTIONS, Request.UPDATE);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final SipURI trunk;
    private final String transport;
    private final String sipHost;
    private final int contactPort;

    /**
     * @param trunk        the termination trunk's URI, without user part
     * @param transport    udp, tcp or tls
     * @param sipHost      our advertised SIP host, for From and Contact
     * @param contactPort  our port for {@code transport}, for Contact
     */
    UacMessages(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
            SipURI trunk, String transport, String sipHost, int contactPort) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.trunk = trunk;
        this.transport = transport;
        this.sipHost = sipHost.indexOf(':') >= 0 && !sipHost.startsWith("[") ? "[" + sipHost + "]" : sipHost;
        this.contactPort = contactPort;
    }

    HeaderFactory headers() {
        return headers;
    }

    /** A new Call-ID from the stack. */
    String newCallId() {
        return provider.getNewCallId().getCallId();
    }

    /** The first INVITE of a call: CSeq 1, a fresh From-tag, our SDP offer. */
    Request invite(String callId, String fromTag, String to, String from, String sdp)
            throws ParseException, InvalidArgumentException {
        SipURI requestUri = (SipURI) trunk.clone();
        requestUri.setUser(to);
        if (!"udp".equals(transport) && !requestUri.isSecure()) {
            requestUri.setTransportParam(transport);
        }
        SipURI toUri = (SipURI) trunk.clone();
        toUri.setUser(to);
        toUri.removeParameter("transport");
        SipURI fromUri = addresses.createSipURI(from, sipHost);
        FromHeader fromHeader = headers.createFromHeader(addresses.createAddress(fromUri), fromTag);
        ToHeader toHeader = headers.createToHeader(addresses.createAddress(toUri), null);
        CallIdHeader callIdHeader = headers.createCallIdHeader(callId);
        CSeqHeader cseq = headers.createCSeqHeader(1L, Request.INVITE);
        Request invite = messages.createRequest(requestUri, Request.INVITE, callIdHeader, cseq, fromHeader, toHeader,
                List.of(via()), headers.createMaxForwardsHeader(70));
        invite.addHeader(contact());
        for (String method : ALLOWED) {
            invite.addHeader(headers.createAllowHeader(method));
        }
        invite.addHeader(headers.createHeader("User-Agent", "Trunkline"));
        invite.setContent(sdp.getBytes(StandardCharsets.US_ASCII), headers.createContentTypeHeader("application",
                "sdp"));
        return invite;
    }

    /** {@code previous} again with the next CSeq and a new branch: a new transaction (the answer to a challenge). */
    Request nextInvite(Request previous) throws ParseException, InvalidArgumentException {
        Request next = (Request) previous.clone();
        CSeqHeader cseq = (CSeqHeader) next.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        ViaHeader via = (ViaHeader) next.getHeader(ViaHeader.NAME);
        via.setBranch(branch());
        return next;
    }

    /** A response to a request of the trunk in one of our dialogs. */
    Response response(Request request, int status) throws ParseException {
        Response response = messages.createResponse(status, request);
        response.addHeader(headers.createHeader("Server", "Trunkline"));
        return response;
    }

    /** A 2xx to a re-INVITE or UPDATE with {@code sdp} (null: none) and our Contact. */
    Response ok(Request request, String sdp) throws ParseException {
        Response ok = response(request, Response.OK);
        ok.addHeader(contact());
        if (sdp != null) {
            ok.setContent(sdp.getBytes(StandardCharsets.US_ASCII), headers.createContentTypeHeader("application",
                    "sdp"));
        }
        return ok;
    }

    private ViaHeader via() throws ParseException, InvalidArgumentException {
        ListeningPoint point = provider.getListeningPoint(transport);
        if (point == null) {
            throw new IllegalStateException("the SIP server does not listen on " + transport
                    + " (outbound.transport must be one of sip.transports)");
        }
        return headers.createViaHeader(point.getIPAddress(), point.getPort(), transport, branch());
    }

    private ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI("trunkline", sipHost);
        uri.setPort(contactPort);
        uri.setTransportParam(transport);
        Address address = addresses.createAddress(uri);
        return headers.createContactHeader(address);
    }

    private static String branch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
