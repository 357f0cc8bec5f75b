package io.trunkline.sip.uas;

import gov.nist.javax.sip.ServerTransactionExt;
import io.trunkline.core.call.EndReason;
import io.trunkline.sip.sdp.SdpOffer;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** ACK, BYE, CANCEL and re-INVITE for the calls in the registry. */
final class DialogRequests {
    private final UasContext ctx;

    DialogRequests(UasContext ctx) {
        this.ctx = ctx;
    }

    void onAck(RequestEvent event, long nanos) {
        Request ack = event.getRequest();
        SipCall call = inDialog(ack);
        if (call != null) {
            call.ackReceived(nanos, ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber());
        }
    }

    void onBye(RequestEvent event, long nanos) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Request bye = event.getRequest();
        SipCall call = inDialog(bye);
        if (call == null) {
            Transactions.send(tx, ctx.responses().create(bye, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        Transactions.send(tx, ctx.responses().create(bye, Response.OK));
        call.byeReceived(nanos);
    }

    void onCancel(RequestEvent event, long nanos) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Request cancel = event.getRequest();
        ServerTransaction inviteTx = tx instanceof ServerTransactionExt ext ? ext.getCanceledInviteTransaction() : null;
        SipCall call = inviteTx != null && inviteTx.getApplicationData() instanceof SipCall c
                ? c : ctx.registry().get(Transactions.callId(cancel));
        if (inviteTx == null && call == null) {
            Transactions.send(tx, ctx.responses().create(cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        // 200 to the CANCEL itself (with the dialog's To-tag, RFC 3261 9.2); the INVITE gets 487 only if no
        // final response was chosen yet.
        Response ok = ctx.responses().create(cancel, Response.OK);
        if (call != null) {
            Responses.setToTag(ok, call.localTag());
        }
        Transactions.send(tx, ok);
        if (call != null) {
            call.cancel(nanos);
        }
    }

    void onReInvite(RequestEvent event) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Request request = event.getRequest();
        SipCall call = inDialog(request);
        if (call == null) {
            Transactions.send(tx, ctx.responses().create(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        if (!OfferReader.hasBody(request)) {
            // Session refresh without an offer: repeat our current description unchanged.
            answerReInvite(tx, request, call.currentAnswer());
            return;
        }
        SdpOffer offer = OfferReader.read(request);
        if (!offer.isAccepted()) {
            int status = offer.rejection() == EndReason.REJECTED_MEDIA_TYPE
                    ? Response.UNSUPPORTED_MEDIA_TYPE : Response.NOT_ACCEPTABLE_HERE;
            Transactions.send(tx, ctx.responses().create(request, status));
            return; // the call goes on with the media it had
        }
        if (answerReInvite(tx, request, call.reoffer(offer))) {
            call.mediaUpdated(offer.media());
        }
    }

    private boolean answerReInvite(ServerTransaction tx, Request request, String sdp) throws Exception {
        if (sdp == null) {
            Response busy = ctx.responses().create(request, Response.SERVER_INTERNAL_ERROR, "Call Not Established");
            ctx.responses().addRetryAfter(busy, 1);
            Transactions.send(tx, busy);
            return false;
        }
        Response ok = ctx.responses().create(request, Response.OK);
        ctx.responses().addContact(ok, request);
        ctx.responses().addAllow(ok);
        ctx.responses().setSdp(ok, sdp);
        Transactions.send(tx, ok);
        return true;
    }

    /** The call this in-dialog request belongs to: same Call-ID and our To-tag. */
    private SipCall inDialog(Request request) {
        SipCall call = ctx.registry().get(Transactions.callId(request));
        String toTag = Transactions.toTag(request);
        return call != null && call.localTag().equals(toTag) ? call : null;
    }
}
