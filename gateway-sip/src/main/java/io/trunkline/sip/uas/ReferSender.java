package io.trunkline.sip.uas;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REFERs one call sends (RFC 3515): an in-dialog request asking the carrier to connect the caller to
 * {@code Refer-To} (a blind transfer), with our Contact and, when configured, {@code Referred-By}. Its answer or
 * timeout reaches the call through the transaction's {@link Refer}.
 */
final class ReferSender {
    private static final Logger log = LoggerFactory.getLogger(ReferSender.class);

    /** A REFER in flight, as its client transaction's application data. */
    record Refer(OutgoingRefer transfer, String referTo) {
    }

    private final UasContext ctx;
    private final Dialog dialog;
    private final String transport;

    /** @param invite the caller's INVITE: its Via names the transport for our Contact */
    ReferSender(UasContext ctx, Dialog dialog, Request invite) {
        this.ctx = ctx;
        this.dialog = dialog;
        this.transport = Responses.transportOf(invite);
    }

    /** Sends the REFER (on the call's serial executor); a failure to send is reported as a refusal with 0. */
    void send(OutgoingRefer transfer, String referTo, String referredBy) {
        try {
            Request refer = dialog.createRequest(Request.REFER);
            if (refer.getHeader(ContactHeader.NAME) == null) {
                refer.addHeader(ctx.responses().contact(transport));
            }
            ctx.responses().addAllow(refer); // NOTIFY among them: how the outcome will come back
            refer.addHeader(ctx.responses().referTo(referTo));
            if (referredBy != null) {
                refer.addHeader(ctx.responses().referredBy(referredBy));
            }
            ClientTransaction tx = ctx.provider().getNewClientTransaction(refer);
            tx.setApplicationData(new Refer(transfer, referTo));
            dialog.sendRequest(tx);
            log.info("REFER to {} sent for {}", referTo, transfer.callId());
        } catch (Exception e) {
            log.warn("could not send REFER for {}: {}", transfer.callId(), e.toString());
            transfer.refused(0, "REFER not sent: " + e.getMessage());
        }
    }

    /** A response to one of our REFERs (on a stack thread). */
    static void answered(Refer refer, Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status < 300) {
            refer.transfer().accepted();
        } else {
            log.warn("REFER to {} refused for {}: {} {}", refer.referTo(), refer.transfer().callId(), status,
                    response.getReasonPhrase());
            refer.transfer().refused(status, Responses.sanitize(response.getReasonPhrase()));
        }
    }

    /** One of our REFERs timed out unanswered. */
    static void timedOut(Refer refer) {
        log.warn("REFER to {} not answered for {}", refer.referTo(), refer.transfer().callId());
        refer.transfer().refused(Response.REQUEST_TIMEOUT, "REFER not answered");
    }
}
