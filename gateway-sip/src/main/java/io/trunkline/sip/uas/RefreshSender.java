package io.trunkline.sip.uas;

import io.trunkline.sip.uas.session.SessionTimerHeaders;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session refreshes the gateway sends in one call's dialog: an UPDATE without a body, or a re-INVITE offering
 * our current description, each with the RFC 4028 headers; and the ACK of a 2xx to such a re-INVITE.
 */
final class RefreshSender {
    private static final Logger log = LoggerFactory.getLogger(RefreshSender.class);

    private final UasContext ctx;
    private final Dialog dialog;
    private final String callId;
    private final String transport;

    /** @param invite the caller's INVITE: its Via names the transport for our Contact */
    RefreshSender(UasContext ctx, Dialog dialog, Request invite, String callId) {
        this.ctx = ctx;
        this.dialog = dialog;
        this.callId = callId;
        this.transport = Responses.transportOf(invite);
    }

    /**
     * The refresh, ready in a client transaction that carries {@code refresh} for its answer.
     *
     * @param sdp our description, for a re-INVITE; null for an UPDATE
     */
    ClientTransaction prepare(SessionRefresher.Refresh refresh, String sdp) throws Exception {
        Request request = dialog.createRequest(refresh.method());
        if (request.getHeader(ContactHeader.NAME) == null) {
            request.addHeader(ctx.responses().contact(transport));
        }
        SessionTimerHeaders.addToRefresh(ctx.responses().headers(), request, refresh.timer(),
                ctx.minSessionSeconds());
        if (sdp != null) {
            ctx.responses().addAllow(request);
            ctx.responses().setSdp(request, sdp);
        }
        ClientTransaction tx = ctx.provider().getNewClientTransaction(request);
        tx.setApplicationData(refresh);
        return tx;
    }

    void send(ClientTransaction tx) throws SipException {
        dialog.sendRequest(tx);
    }

    /** ACKs a 2xx to a re-INVITE refresh. */
    void ack(Response response) {
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
        } catch (Exception e) {
            log.info("could not ACK the answer to the session refresh of {}: {}", callId, e.toString());
        }
    }
}
