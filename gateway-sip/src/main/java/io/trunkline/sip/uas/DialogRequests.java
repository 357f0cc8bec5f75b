package io.trunkline.sip.uas;

import gov.nist.javax.sip.ServerTransactionExt;
import io.trunkline.core.call.EndReason;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.uas.session.SessionTimer;
import io.trunkline.sip.uas.session.SessionTimerHeaders;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import io.trunkline.sip.header.SipFrag;
import javax.sip.header.CSeqHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** ACK, BYE, CANCEL, re-INVITE, UPDATE and NOTIFY for the calls in the registry. */
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
        InDialog d = inDialogRequest(event);
        if (d == null) {
            return;
        }
        if (!OfferReader.hasBody(d.request())) {
            // Session refresh without an offer: repeat our current description unchanged.
            if (answerReInvite(d.tx(), d.request(), d.call().currentAnswer(), d.call(), d.timer())) {
                d.call().sessionRefreshed(d.timer());
            }
            return;
        }
        answerOffer(d);
    }

    /**
     * UPDATE in the dialog (RFC 3311): without a body it is a session refresh (RFC 4028) answered 200; with an SDP
     * offer it changes the media like a re-INVITE.
     */
    void onUpdate(RequestEvent event) throws Exception {
        InDialog d = inDialogRequest(event);
        if (d == null) {
            return;
        }
        if (!OfferReader.hasBody(d.request())) {
            if (d.call().currentAnswer() == null) {
                answerReInvite(d.tx(), d.request(), null, d.call(), d.timer()); // not established: 500, Retry-After
                return;
            }
            Response ok = ctx.responses().create(d.request(), Response.OK);
            ctx.responses().addContact(ok, d.request());
            SessionTimerHeaders.addToAnswer(ctx.responses().headers(), ok, d.timer());
            Transactions.send(d.tx(), ok);
            d.call().sessionRefreshed(d.timer());
            return;
        }
        answerOffer(d);
    }

    /**
     * NOTIFY in the dialog about a REFER the gateway sent (RFC 3515 section 2.4.4, {@code Event: refer}): answered
     * 200, and its {@code message/sipfrag} status line handed to the call. Outside a call's dialog it gets 481; with
     * another event package 489 Bad Event.
     */
    void onNotify(RequestEvent event) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return;
        }
        Request notify = event.getRequest();
        SipCall call = inDialog(notify);
        if (call == null) {
            Transactions.send(tx, ctx.responses().create(notify, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        EventHeader eventHeader = (EventHeader) notify.getHeader(EventHeader.NAME);
        if (eventHeader == null || !"refer".equalsIgnoreCase(eventHeader.getEventType())) {
            Transactions.send(tx, ctx.responses().create(notify, Response.BAD_EVENT));
            return;
        }
        Response ok = ctx.responses().create(notify, Response.OK);
        ctx.responses().addContact(ok, notify);
        Transactions.send(tx, ok);
        SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
        boolean terminated = state != null && "terminated".equalsIgnoreCase(state.getState());
        SipFrag frag = SipFrag.parse(notify.getRawContent());
        if (frag != null) {
            call.transfer().notified(frag.status(), frag.reason(), terminated);
        } else if (terminated) {
            call.transfer().notified(100, "no status", true);
        }
    }

    /** A re-INVITE or UPDATE of a known dialog, with the session timer it asks for. */
    private record InDialog(ServerTransaction tx, Request request, SipCall call, SessionTimer timer) {
    }

    /**
     * The request's transaction, call and session timer; null when it has been answered already (481 for an
     * unknown dialog, 422 for a too small session interval) or no transaction could be made.
     */
    private InDialog inDialogRequest(RequestEvent event) throws Exception {
        ServerTransaction tx = Transactions.serverTransaction(ctx.provider(), event);
        if (tx == null) {
            return null;
        }
        Request request = event.getRequest();
        SipCall call = inDialog(request);
        if (call == null) {
            Transactions.send(tx, ctx.responses().create(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return null;
        }
        SessionTimer timer = refreshTimer(tx, request, call);
        return timer == REFUSED ? null : new InDialog(tx, request, call, timer);
    }

    /** A new SDP offer in the dialog: answered 200 with our answer, or 415/488 while the call keeps its media. */
    private void answerOffer(InDialog d) throws Exception {
        SdpOffer offer = OfferReader.read(d.request(), ctx.mediaAddress(), ctx.handler().srtpMode());
        if (!offer.isAccepted()) {
            int status = offer.rejection() == EndReason.REJECTED_MEDIA_TYPE
                    ? Response.UNSUPPORTED_MEDIA_TYPE : Response.NOT_ACCEPTABLE_HERE;
            Transactions.send(d.tx(), ctx.responses().create(d.request(), status));
            return;
        }
        String answer = d.call().reoffer(offer);
        if (answer != null) {
            // Reported before the 200 leaves: the caller's next re-INVITE, which another listener thread may take,
            // comes only after that 200, so the call sees its media updates in the order they were negotiated.
            d.call().mediaUpdated(d.call().media());
        }
        if (answerReInvite(d.tx(), d.request(), answer, d.call(), d.timer())) {
            d.call().sessionRefreshed(d.timer());
        }
    }

    /** Marks a refresh request that was already answered 422. */
    private static final SessionTimer REFUSED = new SessionTimer(0, true, false, true);

    /**
     * The session timer a refresh asks for: null for none, or {@link #REFUSED} after answering 422 with our
     * Min-SE (the call goes on with the timer it had).
     */
    private SessionTimer refreshTimer(ServerTransaction tx, Request request, SipCall call) throws Exception {
        SessionTimer timer = ctx.negotiateSessionTimer(request);
        if (timer != null && timer.tooSmall()) {
            Response tooSmall = ctx.responses().create(request, 422, "Session Interval Too Small");
            SessionTimerHeaders.addMinSe(ctx.responses().headers(), tooSmall, timer.seconds());
            Transactions.send(tx, tooSmall);
            return REFUSED;
        }
        return timer;
    }

    private boolean answerReInvite(ServerTransaction tx, Request request, String sdp, SipCall call,
            SessionTimer timer) throws Exception {
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
        SessionTimerHeaders.addToAnswer(ctx.responses().headers(), ok, timer);
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
