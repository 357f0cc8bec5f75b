package io.trunkline.sip.outbound;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.SrtpMode;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.signalling.OutboundInvite;
import io.trunkline.core.signalling.OutboundLeg;
import io.trunkline.sip.guard.DigestCredentials;
import io.trunkline.sip.sdp.SdesOffer;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import io.trunkline.sip.sdp.SdpOfferWriter;
import io.trunkline.sip.uas.ClientDialogs;
import io.trunkline.sip.uas.SerialExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound call on the SIP side (RFC 3261 UAC): the INVITE with our offer, one answer to a digest challenge,
 * the provisional responses reported, the 2xx acknowledged and its SDP answer read, CANCEL or BYE when the bridge
 * hangs up (a CANCEL waits for the first provisional response, section 9.1; a 2xx that crosses our CANCEL is
 * acknowledged and ended with BYE), and the trunk's BYE. State changes are made under the lock, sends run on the
 * call's {@link SerialExecutor}, and the bridge hears of each event once through its {@link OutboundEvents}.
 */
final class UacCall implements OutboundLeg, ClientDialogs.Owner {
    private static final Logger log = LoggerFactory.getLogger(UacCall.class);

    private enum State { CALLING, PROCEEDING, ANSWERED, BYE_SENT, ENDED }

    private final SipDialer dialer;
    private final String callId;
    private final String localTag = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final OutboundInvite invite;
    private final OutboundEvents events;
    private final SerialExecutor serial;
    private final SdesOffer sdes;
    private final String offer;

    // guarded by this
    private State state = State.CALLING;
    private boolean challenged;
    private boolean cancelWanted;
    private boolean cancelSent;
    private EndReason hangupReason;
    private ClientTransaction inviteTx;
    private Dialog dialog;
    private long byeSentNanos;

    UacCall(SipDialer dialer, String callId, OutboundInvite invite, OutboundEvents events) {
        this.dialer = dialer;
        this.callId = callId;
        this.invite = invite;
        this.events = events;
        this.serial = new SerialExecutor(dialer.sendPool());
        this.sdes = dialer.secure() ? SdesOffer.fresh() : null;
        this.offer = SdpOfferWriter.write(dialer.mediaAddress(), invite.localRtp().getPort(),
                ThreadLocalRandom.current().nextLong(1, 1L << 53), 1, sdes);
    }

    @Override
    public String sipCallId() {
        return callId;
    }

    /** Our From-tag: requests of the trunk carrying it as To-tag belong to this call. */
    String localTag() {
        return localTag;
    }

    /** Sends the first INVITE, off the caller's thread. */
    void start() {
        submit(() -> {
            try {
                send(dialer.messages().invite(callId, localTag, invite.to(), invite.from(), offer));
                events.onInviteSent(System.nanoTime());
            } catch (Exception e) {
                log.warn("could not send the INVITE of {} to the trunk: {}", invite.callId(), e.toString());
                fail(Response.SERVER_INTERNAL_ERROR, "INVITE not sent: " + e.getMessage());
            }
        });
    }

    private void send(Request request) throws Exception {
        ClientTransaction tx = dialer.provider().getNewClientTransaction(request);
        Dialog newDialog = dialer.provider().getNewDialog(tx);
        tx.setApplicationData(this);
        newDialog.setApplicationData(this);
        synchronized (this) {
            inviteTx = tx;
            dialog = newDialog;
        }
        tx.sendRequest();
    }

    // ---- OutboundLeg: from the bridge, any thread ----

    @Override
    public void hangup(EndReason reason) {
        boolean cancelNow = false;
        boolean byeNow = false;
        synchronized (this) {
            switch (state) {
                case CALLING -> {
                    cancelWanted = true; // the CANCEL follows the first provisional response
                    hangupReason = reason;
                }
                case PROCEEDING -> {
                    cancelWanted = true;
                    hangupReason = reason;
                    cancelNow = !cancelSent;
                    cancelSent = true;
                }
                case ANSWERED -> {
                    state = State.BYE_SENT;
                    byeNow = true;
                }
                default -> {
                    return;
                }
            }
        }
        if (cancelNow) {
            submit(this::sendCancel);
        } else if (byeNow) {
            submit(() -> sendBye(reason));
        }
    }

    // ---- the trunk's answers, on stack threads ----

    @Override
    public void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        long nanos = System.nanoTime();
        if (Request.BYE.equals(method)) {
            if (status >= 200) {
                byeCompleted();
            }
            return;
        }
        if (!Request.INVITE.equals(method)) {
            return; // the answer to our CANCEL: the INVITE's 487 says the rest
        }
        if (status < 200) {
            provisional(status, nanos);
        } else if (status < 300) {
            answered(event, nanos);
        } else if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && retryWithCredentials(response, event.getClientTransaction(), nanos)) {
            return;
        } else {
            fail(status, response.getReasonPhrase());
        }
    }

    private void provisional(int status, long nanos) {
        boolean cancelNow;
        synchronized (this) {
            if (state != State.CALLING && state != State.PROCEEDING) {
                return;
            }
            state = State.PROCEEDING;
            cancelNow = cancelWanted && !cancelSent;
            cancelSent |= cancelNow;
        }
        events.onResponse(status, nanos);
        if (cancelNow) {
            submit(this::sendCancel);
        }
    }

    /** Answers the first challenge with credentials; false when there is none to give or it was the second. */
    private boolean retryWithCredentials(Response challenge, ClientTransaction tx, long nanos) {
        DigestCredentials credentials = dialer.credentials();
        synchronized (this) {
            if (credentials == null || challenged || cancelWanted || state != State.CALLING
                    && state != State.PROCEEDING) {
                if (challenged) {
                    log.warn("the trunk refused the credentials of {} ({}): check outbound.username-env and "
                            + "outbound.password-env", invite.callId(), challenge.getStatusCode());
                } else if (credentials == null) {
                    log.warn("the trunk challenged {} and no credentials are configured (outbound.username-env)",
                            invite.callId());
                }
                return false;
            }
            challenged = true;
            state = State.CALLING;
        }
        events.onResponse(challenge.getStatusCode(), nanos);
        Request previous = tx == null ? null : tx.getRequest();
        submit(() -> {
            try {
                Request next = dialer.messages().nextInvite(previous);
                AuthorizationHeader auth = DigestAnswer.answer(challenge, credentials, Request.INVITE,
                        next.getRequestURI(), dialer.messages().headers());
                if (auth == null) {
                    fail(challenge.getStatusCode(), "digest challenge not supported");
                    return;
                }
                next.addHeader(auth);
                send(next);
            } catch (Exception e) {
                log.warn("could not answer the trunk's challenge for {}: {}", invite.callId(), e.toString());
                fail(challenge.getStatusCode(), "challenge not answered");
            }
        });
        return true;
    }

    private void answered(ResponseEvent event, long nanos) {
        Dialog answeredDialog = event.getDialog();
        boolean first;
        boolean cancelled;
        EndReason reason;
        synchronized (this) {
            first = state == State.CALLING || state == State.PROCEEDING;
            cancelled = cancelWanted;
            reason = hangupReason;
            if (first) {
                state = cancelled ? State.BYE_SENT : State.ANSWERED;
            }
            if (answeredDialog != null) {
                dialog = answeredDialog;
            }
        }
        Response response = event.getResponse();
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        submit(() -> sendAck(cseq)); // a retransmitted 2xx is acknowledged again
        if (!first) {
            return;
        }
        if (cancelled) {
            log.info("the trunk answered {} after its CANCEL: ending it with BYE", invite.callId());
            submit(() -> sendBye(reason == null ? EndReason.NO_ANSWER : reason));
            return;
        }
        SdpOffer answer = SdpOfferParser.parse(response.getRawContent(), srtpMode());
        MediaOffer media = answer.isAccepted() ? keyed(answer.media()) : null;
        if (media == null) {
            log.warn("the trunk's answer for {} is not usable ({}): BYE", invite.callId(),
                    answer.isAccepted() ? "not the SRTP suite and tag offered" : answer.problem());
            synchronized (this) {
                state = State.BYE_SENT;
            }
            submit(() -> sendBye(EndReason.REJECTED_CODEC));
            events.onFailed(Response.NOT_ACCEPTABLE_HERE, "unusable SDP answer", nanos);
            return;
        }
        events.onAnswered(media, nanos);
    }

    /** SRTP only toward a secure trunk, plain RTP only otherwise: what our offer proposed. */
    private SrtpMode srtpMode() {
        return sdes == null ? SrtpMode.OFF : SrtpMode.MANDATORY;
    }

    /** The callee's media with the call's keys (theirs from the SDP, ours as offered); null when unusable. */
    private MediaOffer keyed(MediaOffer media) {
        return sdes == null ? media : sdes.keyed(media);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (Request.BYE.equals(tx.getRequest().getMethod())) {
            byeCompleted();
        } else if (Request.INVITE.equals(tx.getRequest().getMethod())) {
            fail(Response.REQUEST_TIMEOUT, "no final response from the trunk");
        }
    }

    /** The stack ended the dialog: when our BYE was out, the call is over (its answer may never come). */
    @Override
    public void onDialogTerminated() {
        byeCompleted();
    }

    /** A final response that ends the INVITE without an answer. */
    private void fail(int status, String reason) {
        synchronized (this) {
            if (state != State.CALLING && state != State.PROCEEDING) {
                return;
            }
            state = State.ENDED;
        }
        dialer.remove(this);
        events.onFailed(status, reason, System.nanoTime());
    }

    // ---- the trunk's requests in the dialog ----

    /** BYE, re-INVITE or UPDATE from the trunk in this call's dialog. */
    void onRequest(RequestEvent event, long nanos) throws Exception {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return;
        }
        ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
                : dialer.provider().getNewServerTransaction(request);
        switch (method) {
            case Request.BYE -> {
                tx.sendResponse(dialer.messages().response(request, Response.OK));
                boolean report;
                synchronized (this) {
                    report = state == State.ANSWERED;
                    if (state == State.ANSWERED || state == State.BYE_SENT) {
                        state = State.ENDED;
                    }
                }
                dialer.remove(this);
                if (report) {
                    events.onBye(nanos);
                }
            }
            case Request.INVITE, Request.UPDATE -> reoffer(tx, request);
            default -> tx.sendResponse(dialer.messages().response(request, Response.METHOD_NOT_ALLOWED));
        }
    }

    /** A refresh or a new offer: our offer stays as it was; a usable new offer moves the media. */
    private void reoffer(ServerTransaction tx, Request request) throws Exception {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            tx.sendResponse(dialer.messages().ok(request, Request.INVITE.equals(request.getMethod()) ? offer : null));
            return;
        }
        SdpOffer newOffer = SdpOfferParser.parse(body, srtpMode());
        MediaOffer media = newOffer.isAccepted() ? keyed(newOffer.media()) : null;
        if (media == null) {
            tx.sendResponse(dialer.messages().response(request, Response.NOT_ACCEPTABLE_HERE));
            return;
        }
        tx.sendResponse(dialer.messages().ok(request, offer));
        events.onMediaUpdate(media);
    }

    // ---- sends, on the call's serial executor ----

    private void sendAck(long cseq) {
        Dialog d;
        synchronized (this) {
            d = dialog;
        }
        try {
            d.sendAck(d.createAck(cseq));
        } catch (Exception e) {
            log.warn("could not acknowledge the trunk's answer for {}: {}", invite.callId(), e.toString());
        }
    }

    private void sendCancel() {
        ClientTransaction tx;
        synchronized (this) {
            tx = inviteTx;
        }
        try {
            Request cancel = tx.createCancel();
            dialer.provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            log.warn("could not cancel {}: {}", invite.callId(), e.toString());
        }
    }

    private void sendBye(EndReason reason) {
        Dialog d;
        synchronized (this) {
            d = dialog;
            byeSentNanos = System.nanoTime();
        }
        try {
            Request bye = d.createRequest(Request.BYE);
            bye.addHeader(dialer.messages().headers().createReasonHeader("SIP", 200,
                    reason.description().replace("\"", "'")));
            ClientTransaction tx = dialer.provider().getNewClientTransaction(bye);
            tx.setApplicationData(this);
            d.sendRequest(tx);
        } catch (Exception e) {
            log.warn("could not send BYE for {}: {}", invite.callId(), e.toString());
            byeCompleted();
        }
    }

    private void byeCompleted() {
        synchronized (this) {
            byeCompleted0();
        }
    }

    /** Our BYE was answered, timed out or could not be sent. Holds the lock. */
    private void byeCompleted0() {
        if (state != State.BYE_SENT) {
            return;
        }
        state = State.ENDED;
        long sent = byeSentNanos;
        dialer.remove(this);
        events.onByeSent(sent == 0 ? System.nanoTime() : sent);
    }

    private void submit(Runnable send) {
        try {
            serial.execute(send);
        } catch (RejectedExecutionException e) {
            log.warn("SIP send for {} refused: {}", invite.callId(), e.getMessage());
        }
    }
}
