package io.trunkline.sip.uas;

import io.trunkline.sip.guard.GuardVerdict;
import gov.nist.javax.sip.RequestEventExt;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ViaHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests the guard refused, those that miss a header every request must carry (400), and those the
 * UAS checks refuse (416, 420, 406). 400, 403 and
 * 503 go out statelessly, so a flood of refused requests leaves no transactions behind; a 401 challenge gets a server transaction, so the INVITE's retransmissions and the ACK
 * of the 401 are absorbed by the stack as RFC 3261 expects.
 */
final class GuardRefusals {
    private static final Logger log = LoggerFactory.getLogger(GuardRefusals.class);

    private final UasContext ctx;

    GuardRefusals(UasContext ctx) {
        this.ctx = ctx;
    }

    void answer(RequestEvent event, GuardVerdict verdict) throws Exception {
        switch (verdict.action()) {
            case PASS, DROP -> {
                // nothing to send
            }
            case FORBIDDEN -> stateless(event, ctx.responses().create(event.getRequest(), Response.FORBIDDEN));
            case UNAVAILABLE -> stateless(event,
                    ctx.responses().create(event.getRequest(), Response.SERVICE_UNAVAILABLE));
            case CHALLENGE -> {
                ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
                if (tx != null) {
                    Transactions.send(tx, ctx.responses().challenge(event.getRequest(), verdict.realm(),
                            verdict.nonce(), verdict.stale()));
                }
            }
        }
    }

    /** 400 naming the missing header: without it no transaction can be made for the request. */
    void missingHeader(RequestEvent event, String header) throws Exception {
        Response response = ctx.responses().create(event.getRequest(), Response.BAD_REQUEST);
        response.setReasonPhrase("Missing " + header);
        stateless(event, response);
    }

    /**
     * A refusal of the UAS checks (416, 420, 406), sent in a server transaction so that an INVITE's retransmissions
     * and the ACK are absorbed; 420 lists the unsupported extensions (RFC 3261 8.2.2.3).
     */
    void refuse(RequestEvent event, RequestChecks.Refusal refusal) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Response response = ctx.responses().create(event.getRequest(), refusal.status(), refusal.reason());
        for (String tag : refusal.unsupported()) {
            response.addHeader(ctx.responses().headers().createUnsupportedHeader(tag));
        }
        if (refusal.status() == Response.NOT_ACCEPTABLE) {
            response.addHeader(ctx.responses().headers().createAcceptHeader("application", "sdp"));
        }
        Transactions.send(tx, response);
    }

    /**
     * Over TCP and TLS, names the request's source port as {@code rport} (RFC 3581) in the response's top Via: the stack then
     * finds the connection the request came on among its cached ones and answers there, instead of opening one to the
     * Via's sent-by.
     */
    private static void answerOnTheSameConnection(RequestEvent event, Response response) throws Exception {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (via == null || !(event instanceof RequestEventExt ext) || ext.getRemoteIpAddress() == null
                || ext.getRemotePort() <= 0
                || !("tcp".equalsIgnoreCase(via.getTransport()) || "tls".equalsIgnoreCase(via.getTransport()))) {
            return;
        }
        via.setReceived(ext.getRemoteIpAddress());
        via.setParameter("rport", Integer.toString(ext.getRemotePort()));
    }

    private void stateless(RequestEvent event, Response response) {
        try {
            answerOnTheSameConnection(event, response);
            ServerTransaction tx = event.getServerTransaction();
            if (tx != null) {
                tx.sendResponse(response);
            } else {
                ctx.provider().sendResponse(response);
            }
        } catch (Exception e) {
            log.debug("could not send {}: {}", response.getStatusCode(), e.toString());
        }
    }
}
