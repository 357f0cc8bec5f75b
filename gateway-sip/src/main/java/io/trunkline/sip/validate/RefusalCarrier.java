package io.trunkline.sip.validate;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * Brings the refusal of a request that failed to parse on a stream transport to the connection it came on. The
 * stack's stream framer drops such a request without a word and gives no way to reach the connection from the
 * parser; what it does pass on is the parsed message. So the parser hands it this stand-in: a well-formed request
 * of its own (nothing of the peer's in it, so nothing a later message on the connection could be confused with)
 * whose application data is the {@link Refusal}. The channel passes it to the message valves before any
 * transaction exists, and {@link RefusalValve} sends the refusal and drops it; it never reaches the gateway.
 */
final class RefusalCarrier {
    private static final StringMsgParser PARSER = new StringMsgParser();
    private static final byte[] TEMPLATE = ("OPTIONS sip:refused.invalid SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP refused.invalid;branch=z9hG4bK-refused\r\n"
            + "Max-Forwards: 0\r\n"
            + "From: <sip:refused.invalid>;tag=refused\r\n"
            + "To: <sip:refused.invalid>\r\n"
            + "Call-ID: refused.invalid\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** What the valve sends back, and why (for the log). */
    record Refusal(byte[] response, String reason) {
    }

    private RefusalCarrier() {
    }

    /** A stand-in carrying a 400 for {@code head} naming {@code reason}, or null when it cannot be answered. */
    static SIPRequest of(byte[] head, String reason) {
        byte[] response = StatelessBadRequest.build(head, reason);
        if (response == null) {
            return null;
        }
        SIPRequest carrier;
        try {
            carrier = (SIPRequest) PARSER.parseSIPMessage(TEMPLATE, true, false, null);
        } catch (ParseException e) {
            throw new IllegalStateException("the carrier template does not parse", e);
        }
        carrier.setApplicationData(new Refusal(response, reason));
        return carrier;
    }

    /** The refusal {@code message} carries, or null for every message that arrived from the network. */
    static Refusal refusalOf(SIPMessage message) {
        return message.getApplicationData() instanceof Refusal r ? r : null;
    }
}
