package io.trunkline.sip.validate;

import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import java.text.ParseException;

/**
 * What went wrong while one message was parsed, in words fit for a reason phrase (fixed text and header names only,
 * never the peer's bytes). One instance per message, so the shared parser holds no state. As the stack's own
 * listener does, a header the message cannot be answered without makes the parse fail, and any other malformed
 * header is kept unparsed; unlike it, the core headers are recognised by their compact forms too.
 */
final class ParseProblems implements ParseExceptionListener {
    private String reason;
    private int seen;

    /**
     * Words for a failure of the stack's parser that no header or start line check of ours named, never the
     * exception's own text (which may carry the peer's bytes or a parser artefact such as {@code [C@1829a3e0}).
     */
    static String describe(ParseException failure) {
        String message = failure == null ? null : failure.getMessage();
        // The stack's body step: the Content-Length names more octets than the datagram holds, or a negative count.
        if (message != null && message.startsWith("Invalid content length")) {
            return "Content-Length does not match the body";
        }
        return "Malformed message";
    }

    /** The first problem found, or null. */
    String reason() {
        return reason;
    }

    /** Records a problem unless one is already recorded: the first one is what the peer most needs to know. */
    void note(String problem) {
        if (reason == null) {
            reason = problem;
        }
    }

    /** Called with each header line of a request before it is parsed: notes a second single-value header. */
    void header(String line, SIPMessage message) {
        if (!(message instanceof SIPRequest)) {
            return;
        }
        CoreHeader h = CoreHeader.of(line);
        if (h == null || !h.singleValue()) {
            return;
        }
        if ((seen & h.bit()) != 0) {
            note("Duplicate " + h.headerName() + " header");
        }
        seen |= h.bit();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void handleException(ParseException ex, SIPMessage message, Class headerClass, String header,
            String rawMessage) throws ParseException {
        if (headerClass == RequestLine.class) {
            note("Malformed Request-Line");
            throw ex;
        }
        if (headerClass == StatusLine.class) {
            throw ex;
        }
        CoreHeader h = header == null ? null : CoreHeader.of(header);
        if (h != null && h != CoreHeader.MAX_FORWARDS) {
            note("Malformed " + h.headerName() + " header");
            throw ex;
        }
        if (message != null && header != null) {
            message.addUnparsed(header);
        }
    }
}
