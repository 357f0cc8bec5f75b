package io.trunkline.sip.uas;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server-transaction plumbing shared by the request handlers. */
final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    private Transactions() {
    }

    /**
     * The event's server transaction, created when the stack did not; null when another thread already owns
     * one for this request (a retransmission that raced the original: the stack answers it).
     */
    static ServerTransaction serverTransaction(SipProvider provider, RequestEvent event) throws Exception {
        ServerTransaction tx = event.getServerTransaction();
        if (tx != null) {
            return tx;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            log.debug("request already has a transaction: {}", e.getMessage());
            return null;
        }
    }

    /** Sends a response without letting a send failure escape to the stack. */
    static void send(ServerTransaction tx, Response response) {
        try {
            tx.sendResponse(response);
        } catch (Exception e) {
            log.warn("could not send {} {}: {}", response.getStatusCode(), response.getReasonPhrase(), e.toString());
        }
    }

    static String callId(Request request) {
        CallIdHeader h = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return h == null ? null : h.getCallId();
    }

    static String toTag(Request request) {
        ToHeader h = (ToHeader) request.getHeader(ToHeader.NAME);
        return h == null ? null : h.getTag();
    }
}
