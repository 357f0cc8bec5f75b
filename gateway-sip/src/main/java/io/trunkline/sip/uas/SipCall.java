package io.trunkline.sip.uas;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.SignallingLeg;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.uas.DialogState.State;
import io.trunkline.sip.uas.session.SessionTimer;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound call on the SIP side: the {@link SignallingLeg} the bridge drives, and the events the listener
 * reports. It decides, and its parts act: the {@link DialogState} says which transitions happen (exactly one final
 * response to the INVITE, whatever races), {@link CallSdp} writes the answers, {@link CallSender} sends on the
 * call's serial executor, the {@link SessionRefresher} keeps the answered session alive, and {@link OutgoingRefer}
 * transfers it. No lock is held during I/O, and the bridge hears of every event through {@link DeferredSignals}.
 */
final class SipCall implements SignallingLeg {
    private static final Logger log = LoggerFactory.getLogger(SipCall.class);

    private final UasContext ctx;
    private final String callId;
    private final String localTag;
    private final long inviteCSeq;
    private final DialogState state = new DialogState();
    private final CallSdp sdp;
    private final CallSender sender;
    private final DeferredSignals signals = new DeferredSignals();
    private final SessionRefresher refresher;
    private final OutgoingRefer transfer;

    SipCall(UasContext ctx, ServerTransaction inviteTx, Dialog dialog, String callId, SdpOffer offer) {
        this.ctx = ctx;
        this.callId = callId;
        this.localTag = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.inviteCSeq = ((CSeqHeader) inviteTx.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
        this.sdp = new CallSdp(callId, offer, ctx.mediaAddress());
        this.sender = new CallSender(ctx, inviteTx, dialog, callId, localTag);
        this.refresher = new SessionRefresher(ctx, this, dialog, inviteTx.getRequest());
        this.transfer = new OutgoingRefer(this, new ReferSender(ctx, dialog, inviteTx.getRequest()), signals);
    }

    /** The RFC 4028 timer negotiated from the INVITE (null: none), used by the 2xx (or the 422) sent to it. */
    void sessionTimer(SessionTimer timer) {
        refresher.negotiated(timer);
    }

    String callId() {
        return callId;
    }

    /** Our To-tag: in-dialog requests carrying it belong to this call. */
    String localTag() {
        return localTag;
    }

    /** Answered and not ending: in-dialog requests and session refreshes apply. */
    boolean established() {
        return state.established();
    }

    void attachSignals(CallSignals bridgeSignals) {
        signals.attach(bridgeSignals);
    }

    /** The call's transfer: the outcome of our REFERs is reported there. */
    OutgoingRefer transfer() {
        return transfer;
    }

    // ---- SignallingLeg: called by the bridge from any thread ----

    @Override
    public void ringing() {
        if (state.ring()) {
            submit(sender::sendRinging);
        }
    }

    @Override
    public void answer(InetSocketAddress localRtp, MediaOffer media) {
        Objects.requireNonNull(localRtp, "localRtp");
        Objects.requireNonNull(media, "media");
        if (!state.answer()) {
            log.debug("answer ignored for {}: call is {}", callId, state.current());
            return;
        }
        String answer = sdp.answer(localRtp, media);
        submit(() -> {
            sender.sendAnswer(answer, refresher.timer());
            refresher.start();
        });
    }

    @Override
    public void reject(int status, String reason, int retryAfterSeconds) {
        if (!state.endEarly()) {
            return; // e.g. the bridge's 487 after a CANCEL we already answered
        }
        int code = status >= 300 && status <= 699 ? status : 500;
        ctx.registry().remove(this);
        submit(() -> sender.sendRejection(code, reason, retryAfterSeconds, refresher.timer(), sdp.offer()));
    }

    @Override
    public void redirect(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!state.endEarly()) {
            return;
        }
        ctx.registry().remove(this);
        submit(() -> sender.sendRedirect(uri));
    }

    @Override
    public void hangup(EndReason reason) {
        State was = state.hangUp();
        switch (was) {
            case EARLY -> reject(reason.unansweredSipStatus(), reason.description(), 0);
            case ANSWERED, CONFIRMED -> {
                refresher.stop();
                // If the server is stopping, never leave the bridge waiting for onByeSent.
                if (!submit(() -> sendBye(reason))) {
                    byeCompleted();
                }
            }
            default -> log.debug("hangup ignored for {}: call is {}", callId, was);
        }
    }

    @Override
    public void refer(String referTo, String referredBy) {
        transfer.refer(referTo, referredBy);
    }

    // ---- events from the listener ----

    /** CANCEL before the final response: 487 to the INVITE. False when a final response was already chosen. */
    boolean cancel(long nanos) {
        if (!state.endEarly()) {
            return false;
        }
        ctx.registry().remove(this);
        submit(sender::sendCancelled);
        signals.onCancel(nanos);
        return true;
    }

    /** The ACK for our 200; ACKs of re-INVITEs (another CSeq) are not reported. */
    void ackReceived(long nanos, long cseq) {
        if (cseq == inviteCSeq && state.ack()) {
            signals.onAck(nanos);
        }
    }

    void ackTimedOut() {
        if (state.ackTimedOut()) {
            signals.onAckTimeout();
        }
    }

    /** BYE from the caller, already answered 200. */
    void byeReceived(long nanos) {
        State was = state.byeReceived();
        if (was == null) {
            return; // with our own BYE out, its answer ends the call
        }
        ctx.registry().remove(this);
        refresher.stop();
        if (was == State.EARLY) {
            // A BYE before any final response ends the early call like a CANCEL.
            submit(sender::sendCancelled);
            signals.onCancel(nanos);
        } else {
            signals.onBye(nanos);
        }
    }

    /** Our BYE was answered, timed out or could not be sent. */
    void byeCompleted() {
        if (!state.byeCompleted()) {
            return;
        }
        long sent = sender.byeSentNanos();
        ctx.registry().remove(this);
        refresher.stop();
        signals.onByeSent(sent == 0 ? System.nanoTime() : sent);
    }

    /** The stack ended the dialog (after BYE, or on its own): nothing of the call may stay behind. */
    void dialogTerminated() {
        State was = state.current();
        if (was == State.BYE_SENT) {
            byeCompleted();
        } else if (was == State.ANSWERED) {
            ackTimedOut();
        }
        if (state.current() == State.ENDED) {
            ctx.registry().remove(this);
            refresher.stop();
        }
    }

    // ---- the session: offers in the dialog and RFC 4028 refreshes ----

    /**
     * A re-INVITE or UPDATE with a usable offer: the SDP answer for it (same port, next session version), or null
     * when the call is not in a state to accept one.
     */
    String reoffer(SdpOffer newOffer) {
        return state.established() ? sdp.reanswer(newOffer) : null;
    }

    /** The media negotiated last (after a re-INVITE, with the SRTP keys its answer carried); null if none. */
    MediaOffer media() {
        return sdp.media();
    }

    /** The last answer we sent, for a re-INVITE without an offer; null unless the call is established. */
    String currentAnswer() {
        return state.established() ? sdp.lastAnswer() : null;
    }

    void mediaUpdated(MediaOffer media) {
        signals.onMediaUpdate(media);
    }

    /**
     * A re-INVITE or UPDATE was answered 2xx with {@code timer} (null: the caller dropped the session timer): the
     * session is refreshed and its deadline starts again.
     */
    void sessionRefreshed(SessionTimer timer) {
        if (established()) {
            refresher.peerRefreshed(timer);
        }
    }

    /** The caller, as the refresher, let the session expire. */
    void sessionExpired() {
        if (!established()) {
            return;
        }
        refresher.stop();
        log.info("session timer of {} expired without a refresh", callId);
        signals.onSessionExpired();
    }

    /** A refresh sent by the gateway was refused or went unanswered (the refresher logged why). */
    void refreshFailed() {
        if (established()) {
            signals.onSessionRefreshFailed();
        }
    }

    /**
     * The SDP of the 2xx to a re-INVITE the gateway sent as a refresh: should it move the media (another address,
     * or direction), the media leg follows it.
     */
    void refreshAnswered(byte[] answer) {
        MediaOffer moved = sdp.movedBy(answer, ctx.handler().srtpMode());
        if (moved != null) {
            mediaUpdated(moved);
        }
    }

    /** Runs {@code send} on the call's serial executor; false when the server no longer takes work. */
    boolean submit(Runnable send) {
        return sender.submit(send);
    }

    private void sendBye(EndReason reason) {
        if (!sender.sendBye(reason, this)) {
            byeCompleted();
        }
    }
}
