package io.trunkline.sip.uas;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ReasonHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Builds the responses and headers the UAS sends; knows our advertised SIP address. */
final class Responses {
    /** Methods we implement, for Allow headers. */
    static final List<String> ALLOWED = List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE,
            Request.OPTIONS, Request.UPDATE, Request.NOTIFY);
    static final int MAX_REASON_CHARS = 128;

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String host;
    private final int port;
    private final int tlsPort;

    /**
     * @param port     the UDP and TCP port written into Contact
     * @param tlsPort  the TLS port written into Contact for requests that came over TLS
     */
    Responses(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, String host, int port,
            int tlsPort) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.host = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    HeaderFactory headers() {
        return headers;
    }

    /** A response to {@code request}; {@code reason} null keeps the standard phrase. */
    Response create(Request request, int status, String reason) throws ParseException {
        Response response = messages.createResponse(status, request);
        String phrase = sanitize(reason);
        if (phrase != null && !phrase.isEmpty()) {
            response.setReasonPhrase(phrase);
        }
        response.addHeader(headers.createHeader("Server", "Trunkline"));
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (status > 100 && to != null && to.getTag() == null) {
            // RFC 3261 8.2.6.2: every response but 100 carries a To-tag; dialogs overwrite it with their own.
            to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return response;
    }

    Response create(Request request, int status) throws ParseException {
        return create(request, status, null);
    }

    static void setToTag(Response response, String tag) throws ParseException {
        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(tag);
    }

    void addAllow(Message message) throws ParseException {
        for (String method : ALLOWED) {
            message.addHeader(headers.createAllowHeader(method));
        }
    }

    /** {@code Refer-To: <uri>} (RFC 3515): a {@code tel:} or SIP URI. */
    javax.sip.header.ReferToHeader referTo(String uri) throws ParseException {
        return headers.createReferToHeader(addresses.createAddress(addresses.createURI(uri)));
    }

    /** {@code Referred-By: <uri>} (RFC 3892). */
    javax.sip.header.Header referredBy(String uri) throws ParseException {
        return headers.createHeader("Referred-By", addresses.createAddress(addresses.createURI(uri)).toString());
    }

    /** {@code Contact: <target>} for a 3xx redirect. */
    void addRedirectContact(Response response, String target) throws ParseException {
        response.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(target))));
    }

    /**
     * Contact with our advertised address, and the port and transport the request came over: a {@code sips:}
     * Request-URI is answered with a {@code sips:} Contact (RFC 3261 12.1.1), a request over TLS otherwise with
     * {@code transport=tls} and the TLS port.
     */
    void addContact(Response response, Request request) throws ParseException {
        response.addHeader(request.getRequestURI() != null && "sips".equalsIgnoreCase(request.getRequestURI().getScheme())
                ? secureContact() : contact(transportOf(request)));
    }

    /** Contact with our advertised address and port, for {@code transport}. */
    ContactHeader contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(null, host);
        uri.setPort("tls".equals(transport) ? tlsPort : port);
        uri.setTransportParam(transport);
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** {@code Contact: <sips:host:tlsPort>}: a SIPS URI implies TLS, so it carries no transport parameter. */
    private ContactHeader secureContact() throws ParseException {
        SipURI uri = addresses.createSipURI(null, host);
        uri.setSecure(true);
        uri.setPort(tlsPort);
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    void setSdp(Message message, String sdp) throws ParseException {
        message.setContent(sdp.getBytes(StandardCharsets.US_ASCII), headers.createContentTypeHeader("application", "sdp"));
    }

    void addRetryAfter(Response response, int seconds) throws InvalidArgumentException {
        if (seconds > 0) {
            response.addHeader(headers.createRetryAfterHeader(seconds));
        }
    }

    /** RFC 3326 {@code Reason: SIP ;cause=<cause>;text="..."}. */
    ReasonHeader reason(int cause, String text) throws ParseException, InvalidArgumentException {
        String clean = sanitize(text);
        return headers.createReasonHeader("SIP", cause,
                clean == null ? "" : clean.replace("\"", "'").replace("\\", ""));
    }

    /** RFC 3261 20.43 {@code Warning: <code> trunkline "<text>"}. */
    void addWarning(Response response, int code, String text) throws ParseException {
        String clean = sanitize(text);
        response.addHeader(headers.createHeader("Warning", code + " trunkline \""
                + (clean == null ? "" : clean.replace("\"", "'").replace("\\", "")) + "\""));
    }

    static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String transport = via == null ? null : via.getTransport();
        return transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
    }

    /** A single printable line of bounded length, or null. */
    static String sanitize(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_REASON_CHARS));
        for (int i = 0; i < text.length() && clean.length() < MAX_REASON_CHARS; i++) {
            char c = text.charAt(i);
            clean.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return clean.toString().trim();
    }

    /**
     * {@code 401 Unauthorized} with a digest challenge (RFC 3261 section 22.1): MD5, {@code qop="auth"}, and
     * {@code stale=true} when only the nonce was out of date.
     */
    Response challenge(Request request, String realm, String nonce, boolean stale) throws ParseException {
        Response response = create(request, Response.UNAUTHORIZED);
        javax.sip.header.WWWAuthenticateHeader auth = headers.createWWWAuthenticateHeader("Digest");
        auth.setRealm(realm);
        auth.setNonce(nonce);
        auth.setAlgorithm("MD5");
        auth.setQop("auth");
        if (stale) {
            auth.setStale(true);
        }
        response.addHeader(auth);
        return response;
    }
}
