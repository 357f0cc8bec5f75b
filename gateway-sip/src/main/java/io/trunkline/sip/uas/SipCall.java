package io.trunkline.sip.uas;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.SignallingLeg;
import io.trunkline.sip.sdp.MediaLine;
import io.trunkline.sip.sdp.SdesNegotiation;
import io.trunkline.sip.sdp.SdpAnswer;
import io.trunkline.sip.sdp.SdpOffer;
import io.trunkline.sip.sdp.SdpOfferParser;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound call on the SIP side: the {@link SignallingLeg} the bridge drives, and the state the listener
 * updates. Exactly one final response is ever sent to the INVITE, whatever races (answer vs CANCEL, reject vs
 * CANCEL); the state lock is never held during I/O, and every send runs on the call's serial executor.
 */
final class SipCall implements SignallingLeg {
    private static final Logger log = LoggerFactory.getLogger(SipCall.class);

    enum State { EARLY, ANSWERED, CONFIRMED, BYE_SENT, ENDED }

    private final UasContext ctx;
    private final ServerTransaction inviteTx;
    private final Dialog dialog;
    private final Request invite;
    private final String callId;
    private final String localTag;
    private final long inviteCSeq;
    private final long sdpSessionId = ThreadLocalRandom.current().nextLong(1, 1L << 53);
    private final SerialExecutor serial;
    private final DeferredSignals signals = new DeferredSignals();
    private final SessionRefresher refresher;

    // guarded by this
    private State state = State.EARLY;
    private boolean ringingSent;
    private boolean acked;
    private boolean ackTimeoutReported;
    private boolean byeReported;
    private SdpOffer offer;
    private InetSocketAddress localRtp;
    private long sdpVersion = 1;
    private String currentAnswer;
    private long byeSentNanos;

    SipCall(UasContext ctx, ServerTransaction inviteTx, Dialog dialog, String callId, SdpOffer offer) {
        this.ctx = ctx;
        this.inviteTx = inviteTx;
        this.dialog = dialog;
        this.invite = inviteTx.getRequest();
        this.callId = callId;
        this.offer = offer;
        this.localTag = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        this.inviteCSeq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        this.serial = new SerialExecutor(ctx.sendPool());
        this.refresher = new SessionRefresher(ctx, this, dialog, invite);
    }

    /** The RFC 4028 timer negotiated from the INVITE (null: none), used by the 2xx (or the 422) sent to it. */
    void sessionTimer(SessionTimer timer) {
        refresher.negotiated(timer);
    }

    String callId() {
        return callId;
    }

    String localTag() {
        return localTag;
    }

    synchronized State state() {
        return state;
    }

    /** Answered and not ending: in-dialog requests and session refreshes apply. */
    synchronized boolean established() {
        return state == State.ANSWERED || state == State.CONFIRMED;
    }

    void attachSignals(CallSignals bridgeSignals) {
        signals.attach(bridgeSignals);
    }

    // ---- SignallingLeg: called by the bridge from any thread ----

    @Override
    public void ringing() {
        synchronized (this) {
            if (state != State.EARLY || ringingSent) {
                return;
            }
            ringingSent = true;
        }
        submit(() -> sendToInvite(180, null, null, 0));
    }

    @Override
    public void answer(InetSocketAddress localRtp, MediaOffer media) {
        Objects.requireNonNull(localRtp, "localRtp");
        Objects.requireNonNull(media, "media");
        String sdp;
        synchronized (this) {
            if (state != State.EARLY) {
                log.debug("answer ignored for {}: call is {}", callId, state);
                return;
            }
            state = State.ANSWERED;
            this.localRtp = localRtp;
            if (offer == null || !offer.isAccepted()) {
                offer = SdpOffer.accepted(media, List.of(
                        new MediaLine("audio", "RTP/AVP", Integer.toString(media.payloadType()))), 0);
            }
            sdp = answerSdp(media);
        }
        submit(() -> {
            sendToInvite(200, null, sdp, 0);
            refresher.start();
        });
    }

    @Override
    public void reject(int status, String reason, int retryAfterSeconds) {
        synchronized (this) {
            if (state != State.EARLY) {
                return; // e.g. the bridge's 487 after a CANCEL we already answered
            }
            state = State.ENDED;
        }
        int code = status >= 300 && status <= 699 ? status : 500;
        String phrase = OfferRefusal.reasonPhrase(offer, code, reason);
        ctx.registry().remove(this);
        submit(() -> sendToInvite(code, phrase, null, retryAfterSeconds));
    }

    @Override
    public void redirect(String uri) {
        Objects.requireNonNull(uri, "uri");
        synchronized (this) {
            if (state != State.EARLY) {
                return;
            }
            state = State.ENDED;
        }
        ctx.registry().remove(this);
        submit(() -> sendRedirect(uri));
    }

    @Override
    public void hangup(EndReason reason) {
        State was;
        synchronized (this) {
            was = state;
            if (was == State.ANSWERED || was == State.CONFIRMED) {
                state = State.BYE_SENT;
            }
        }
        switch (was) {
            case EARLY -> reject(reason.unansweredSipStatus(), reason.description(), 0);
            case ANSWERED, CONFIRMED -> {
                refresher.stop();
                if (!submit(() -> sendBye(reason))) {
                    byeCompleted(); // the server is stopping: never leave the bridge waiting for onByeSent
                }
            }
            default -> log.debug("hangup ignored for {}: call is {}", callId, was);
        }
    }

    // ---- events from the listener ----

    /** CANCEL before the final response: 487 to the INVITE. False when a final response was already chosen. */
    boolean cancel(long nanos) {
        synchronized (this) {
            if (state != State.EARLY) {
                return false;
            }
            state = State.ENDED;
        }
        ctx.registry().remove(this);
        submit(() -> sendToInvite(487, null, null, 0));
        signals.onCancel(nanos);
        return true;
    }

    /** The ACK for our 200; ACKs of re-INVITEs (another CSeq) are not reported. */
    void ackReceived(long nanos, long cseq) {
        synchronized (this) {
            if (cseq != inviteCSeq || acked || state == State.EARLY || state == State.ENDED) {
                return;
            }
            acked = true;
            if (state == State.ANSWERED) {
                state = State.CONFIRMED;
            }
        }
        signals.onAck(nanos);
    }

    void ackTimedOut() {
        synchronized (this) {
            if (acked || ackTimeoutReported || state == State.EARLY || state == State.ENDED) {
                return;
            }
            ackTimeoutReported = true;
        }
        signals.onAckTimeout();
    }

    /** BYE from the caller, already answered 200. */
    void byeReceived(long nanos) {
        State was;
        synchronized (this) {
            was = state;
            if (was == State.ENDED || was == State.BYE_SENT) {
                return; // with our own BYE out, its answer ends the call
            }
            state = State.ENDED;
        }
        ctx.registry().remove(this);
        refresher.stop();
        if (was == State.EARLY) {
            // A BYE before any final response ends the early call like a CANCEL.
            submit(() -> sendToInvite(487, null, null, 0));
            signals.onCancel(nanos);
        } else {
            signals.onBye(nanos);
        }
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

    /** The session timer now in force, for the answer to a refresh. */
    SessionTimer currentSessionTimer() {
        return refresher.timer();
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
     * The SDP of the 2xx to a re-INVITE the gateway sent as a refresh. The offer repeated our description, so the
     * answer normally repeats the caller's; should it move the media (another address, or direction), the media
     * leg follows it.
     */
    void refreshAnswered(byte[] sdp) {
        if (sdp == null || sdp.length == 0) {
            return;
        }
        SdpOffer answer = SdpOfferParser.parse(sdp, ctx.handler().srtpMode());
        MediaOffer current;
        synchronized (this) {
            current = offer == null ? null : offer.media();
        }
        if (!answer.isAccepted() || current == null) {
            log.debug("answer to the session refresh of {} not used: {}", callId, answer.problem());
            return;
        }
        MediaOffer media = answer.media().withSrtp(current.srtp()); // our offer repeated the keys: they stay
        if (!media.remoteRtp().equals(current.remoteRtp()) || !media.remoteRtcp().equals(current.remoteRtcp())
                || media.direction() != current.direction()) {
            if (media.codec() != current.codec() || media.payloadType() != current.payloadType()) {
                log.info("answer to the session refresh of {} changes the codec: ignored", callId);
                return;
            }
            log.info("answer to the session refresh of {} moves the media to {} {}", callId, media.remoteRtp(),
                    media.direction().sdpAttribute());
            mediaUpdated(media);
        }
    }

    /** Our BYE was answered, timed out or could not be sent. */
    void byeCompleted() {
        long sent;
        synchronized (this) {
            if (byeReported || state != State.BYE_SENT) {
                return;
            }
            byeReported = true;
            state = State.ENDED;
            sent = byeSentNanos == 0 ? System.nanoTime() : byeSentNanos;
        }
        ctx.registry().remove(this);
        refresher.stop();
        signals.onByeSent(sent);
    }

    /** The stack ended the dialog (after BYE, or on its own): nothing of the call may stay behind. */
    void dialogTerminated() {
        State was = state();
        if (was == State.BYE_SENT) {
            byeCompleted();
        } else if (was == State.ANSWERED) {
            ackTimedOut();
        }
        if (state() == State.ENDED) {
            ctx.registry().remove(this);
            refresher.stop();
        }
    }

    /**
     * A re-INVITE with a usable offer: the SDP answer for it (same port, next session version), or null when the
     * call is not in a state to accept one.
     */
    synchronized String reoffer(SdpOffer newOffer) {
        if (state != State.ANSWERED && state != State.CONFIRMED) {
            return null;
        }
        offer = SdesNegotiation.continuing(offer, newOffer);
        sdpVersion++;
        return answerSdp(offer.media());
    }

    /** The media negotiated last (after a re-INVITE, with the SRTP keys its answer carried); null if none. */
    synchronized MediaOffer media() {
        return offer == null || !offer.isAccepted() ? null : offer.media();
    }

    /** The last answer we sent, for a re-INVITE without an offer; null before the call was answered. */
    synchronized String currentAnswer() {
        return state == State.ANSWERED || state == State.CONFIRMED ? currentAnswer : null;
    }

    void mediaUpdated(MediaOffer media) {
        signals.onMediaUpdate(media);
    }

    // ---- I/O, on the serial executor ----

    private String answerSdp(MediaOffer media) {
        currentAnswer = SdpAnswer.write(offer, media, ctx.mediaAddress(), localRtp.getPort(), sdpSessionId,
                sdpVersion);
        return currentAnswer;
    }

    /** Runs {@code send} on the call's serial executor; false when the server no longer takes work. */
    boolean submit(Runnable send) {
        try {
            serial.execute(send);
            return true;
        } catch (RejectedExecutionException e) {
            log.warn("SIP send for {} refused: {}", callId, e.getMessage());
            return false;
        }
    }

    private void sendToInvite(int status, String reason, String sdp, int retryAfterSeconds) {
        try {
            Response response = ctx.responses().create(invite, status, reason);
            Responses.setToTag(response, localTag);
            if (status < 300) {
                ctx.responses().addContact(response, invite);
            }
            if (status == 200) {
                ctx.responses().addAllow(response);
                ctx.responses().setSdp(response, sdp);
                addSessionTimer(response, currentSessionTimer());
            } else if (status == 415 || status == 488) {
                OfferRefusal.describe(ctx.responses(), response, offer);
            } else if (status == 422) {
                SessionTimer timer = currentSessionTimer();
                response.addHeader(ctx.responses().headers().createHeader("Min-SE",
                        Integer.toString(timer == null ? 90 : timer.seconds())));
            }
            ctx.responses().addRetryAfter(response, retryAfterSeconds);
            inviteTx.sendResponse(response);
        } catch (Exception e) {
            log.warn("could not send {} for {}: {}", status, callId, e.toString());
        }
    }

    /** Session-Expires (and Require: timer when the caller supports it) on a 2xx, RFC 4028 section 9. */
    void addSessionTimer(Response response, SessionTimer timer) throws java.text.ParseException {
        if (timer == null) {
            return;
        }
        response.addHeader(ctx.responses().headers().createHeader("Session-Expires", timer.headerValue()));
        response.addHeader(ctx.responses().headers().createHeader("Supported", SessionTimer.OPTION_TAG));
        if (timer.uacSupports()) {
            response.addHeader(ctx.responses().headers().createHeader("Require", SessionTimer.OPTION_TAG));
        }
    }

    private void sendRedirect(String target) {
        try {
            Response response = ctx.responses().create(invite, 302, "Moved Temporarily");
            Responses.setToTag(response, localTag);
            ctx.responses().addRedirectContact(response, target);
            inviteTx.sendResponse(response);
        } catch (Exception e) {
            log.warn("could not send 302 for {}: {}", callId, e.toString());
        }
    }

    /**
     * The SIP status that best names why the gateway hangs up (RFC 3326 cause): 408 when the caller went silent or
     * unresponsive, 503 on shutdown, 200 for an ordinary end.
     */
    static int reasonCause(EndReason reason) {
        return switch (reason) {
            case RTP_INACTIVITY, NO_ACK, SESSION_EXPIRED, SESSION_REFRESH_FAILED -> 408;
            case SHUTDOWN -> 503;
            default -> 200;
        };
    }

    private void sendBye(EndReason reason) {
        try {
            Request bye = dialog.createRequest(Request.BYE);
            bye.addHeader(ctx.responses().reason(reasonCause(reason), reason.description()));
            ClientTransaction tx = ctx.provider().getNewClientTransaction(bye);
            tx.setApplicationData(this);
            synchronized (this) {
                byeSentNanos = System.nanoTime();
            }
            dialog.sendRequest(tx);
        } catch (Exception e) {
            log.warn("could not send BYE for {}: {}", callId, e.toString());
            byeCompleted();
        }
    }
}
