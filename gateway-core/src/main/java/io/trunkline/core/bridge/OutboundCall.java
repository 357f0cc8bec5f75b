package io.trunkline.core.bridge;

import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.signalling.OutboundDialer;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.signalling.OutboundInvite;
import io.trunkline.core.signalling.OutboundLeg;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The carrier side of one outbound call: ports reserved for our offer, the INVITE through the dialer, the ring
 * timeout, and the trunk's answers on the way to the call's {@link CallSession}. Once the callee answered, the call
 * goes the inbound calls' way (agent, media, teardown), and the dialog's BYE and media updates are handled as
 * theirs ({@link SipEvents}). Events arrive on SIP threads and are handed to the call's loop; the rest runs there.
 */
final class OutboundCall implements OutboundEvents, CarrierEnding {

    /** What dialling one call needs: the trunk's dialer, the numbers, and how long the callee may ring. */
    record Dial(OutboundDialer dialer, String to, String from, Duration ringTimeout) {
    }

    private final CallSession session;
    private final Dial dial;
    private final CallLoop loop;
    private final CallRecorder recorder;
    private final SipEvents inDialog;
    private final CallLog log;
    private MediaPorts ports;
    private OutboundLeg leg;
    private CallLoop.Cancellable ringTimer;
    private boolean answered;
    private boolean trunkEnded;

    OutboundCall(CallSession session, Dial dial, CallLoop loop, CallRecorder recorder, SipEvents inDialog,
            CallLog log) {
        this.session = session;
        this.dial = dial;
        this.loop = loop;
        this.recorder = recorder;
        this.inDialog = inDialog;
        this.log = log;
    }

    /**
     * Dials the call, unless it ended while it waited for its turn under the trunk's call rate; a call that cannot
     * be dialled (no RTP ports free, the dialer failed) ends. On the call's loop.
     */
    void dial(MediaLegFactory media) {
        if (session.over()) {
            return;
        }
        log.info("dialling {} from {}", recorder.parties().to(), recorder.parties().from());
        try {
            invite(media);
        } catch (PortsExhaustedException e) {
            log.warn("no RTP port pair free: {}", e.getMessage());
            session.end0(EndReason.REJECTED_PORTS);
        } catch (RuntimeException e) {
            log.warn("outbound call failed to start: {}", e.toString());
            session.end0(EndReason.INTERNAL_ERROR);
        }
    }

    /** Reserves the media ports, sends the INVITE and starts the ring timeout. */
    private void invite(MediaLegFactory media) throws PortsExhaustedException {
        ports = media.reserve(session.id(), loop);
        recorder.inviteSent(System.nanoTime()); // until the adapter says when it really left
        leg = dial.dialer().dial(new OutboundInvite(session.id(), dial.to(), dial.from(), ports.localRtpAddress()),
                this);
        CallParties p = recorder.parties();
        recorder.parties(new CallParties(leg.sipCallId(), p.from(), p.to(), p.twilioCallSid(), p.twilioAccountSid(),
                p.diversion(), p.assertedIdentity(), p.customHeaders(), p.sipTransport(), p.signallingEncrypted()));
        ringTimer = loop.schedule(this::ringTimedOut, dial.ringTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void ringTimedOut() {
        if (!answered && !session.over()) {
            log.info("no answer within {} s: cancelling", dial.ringTimeout().toSeconds());
            session.end0(EndReason.NO_ANSWER);
        }
    }

    // ---- the INVITE's progress, from SIP threads ----

    @Override
    public void onInviteSent(long nanos) {
        loop.run(() -> recorder.inviteSent(nanos));
    }

    @Override
    public void onResponse(int status, long nanos) {
        loop.run(() -> {
            recorder.trunkResponse(status, nanos);
            if (status == 180 || status == 183) {
                log.debug("{} from the trunk", status);
            }
        });
    }

    @Override
    public void onAnswered(MediaOffer media, long nanos) {
        loop.run(() -> answered0(media, nanos));
    }

    private void answered0(MediaOffer media, long nanos) {
        if (session.over()) {
            return; // cancelled meanwhile: the adapter ends the dialog its 2xx made with a BYE
        }
        answered = true;
        cancelRingTimer();
        recorder.trunkResponse(200, nanos);
        recorder.answered(nanos);
        recorder.sip().ackNanos = nanos; // the adapter acknowledged before it reported the answer
        recorder.media(media);
        MediaLeg mediaLeg;
        try {
            mediaLeg = ports.open(media, session.agentFormat(), session.legEvents());
        } catch (RuntimeException e) {
            log.warn("media leg failed to open: {}", e.toString());
            session.end0(EndReason.INTERNAL_ERROR);
            return;
        }
        session.answeredByCallee(mediaLeg, media.codec());
    }

    @Override
    public void onFailed(int status, String reason, long nanos) {
        loop.run(() -> {
            if (session.over()) {
                return;
            }
            trunkEnded = true;
            recorder.trunkResponse(status, nanos);
            log.info("the trunk answered {} {}", status, reason == null ? "" : reason);
            session.end0(EndReason.ofTrunkStatus(status));
        });
    }

    // ---- the answered dialog: as an inbound call's ----

    @Override
    public void onBye(long nanos) {
        inDialog.onBye(nanos);
    }

    @Override
    public void onByeSent(long nanos) {
        inDialog.onByeSent(nanos);
    }

    @Override
    public void onMediaUpdate(MediaOffer offer) {
        inDialog.onMediaUpdate(offer);
    }

    @Override
    public void onSessionExpired() {
        inDialog.onSessionExpired();
    }

    @Override
    public void onSessionRefreshFailed() {
        inDialog.onSessionRefreshFailed();
    }

    // ---- ending ----

    /**
     * BYE once answered (none when the callee's BYE ended the call), CANCEL before (the trunk then answers the INVITE
     * 487), nothing when the trunk's final response ended it or the INVITE never left.
     */
    @Override
    public CallState end(CallState state, EndReason reason) {
        cancelRingTimer();
        if (ports != null) {
            ports.release(); // nothing when the media leg took them over
        }
        if (leg != null && !trunkEnded && reason != EndReason.CALLER_HANGUP) {
            leg.hangup(reason);
            if (answered) {
                recorder.sip().byeSentNanos = System.nanoTime(); // the adapter's onByeSent comes after the record
            } else {
                recorder.finalStatus(487);
            }
        }
        return CallState.ENDING;
    }

    private void cancelRingTimer() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
    }
}
