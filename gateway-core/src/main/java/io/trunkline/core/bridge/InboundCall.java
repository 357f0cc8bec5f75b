package io.trunkline.core.bridge;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;

/**
 * The carrier side of one inbound call's set-up: the media leg opened for the INVITE's offer, then a ring or the
 * answer as the answer policy says, the {@code 200 OK} with the leg's address, and the refusal of an INVITE the
 * gateway does not take. What the call does meanwhile is its {@link CallSession}'s; how its SIP side ends is
 * {@link SipEnding}'s. Confined to the call's loop.
 */
final class InboundCall {
    private final CallSession session;
    private final CallLoop loop;
    private final InboundInvite invite;
    private final SignallingLeg signalling;
    private final SipEnding ending;
    private final CallRecorder recorder;
    private final CallLog log;
    private MediaLeg media;

    InboundCall(CallSession session, CallLoop loop, InboundInvite invite, SignallingLeg signalling, SipEnding ending,
            CallRecorder recorder, CallLog log) {
        this.session = session;
        this.loop = loop;
        this.invite = invite;
        this.signalling = signalling;
        this.ending = ending;
        this.recorder = recorder;
        this.log = log;
    }

    /**
     * Opens the media leg for the offer and has the call connect its agent, then rings or answers as {@code policy}
     * says; a leg that cannot be opened refuses the call.
     */
    void start(MediaLegFactory legs, AnswerPolicy policy) {
        MediaOffer offer = invite.media();
        log.info("call from {} to {} ({}, Call-ID {})", invite.parties().from(), invite.parties().to(),
                offer.codec(), invite.parties().sipCallId());
        try {
            media = legs.open(session.id(), loop, offer, session.agentFormat(), session.legEvents());
        } catch (PortsExhaustedException e) {
            log.warn("no RTP port pair free: {}", e.getMessage());
            session.refuse(EndReason.REJECTED_PORTS);
            return;
        } catch (RuntimeException e) {
            log.warn("media leg failed to open: {}", e.toString());
            session.refuse(EndReason.INTERNAL_ERROR);
            return;
        }
        session.connectAgent(media);
        if (session.over()) {
            return; // the connector failed at once
        }
        if (policy == AnswerPolicy.IMMEDIATE) {
            answer();
        } else {
            signalling.ringing();
            recorder.sip().ringingNanos = System.nanoTime();
        }
    }

    /** Sends the {@code 200 OK} with the media leg's address: the call is answered. */
    void answer() {
        signalling.answer(media.localRtpAddress(), invite.media());
        recorder.answered();
        session.answered();
        log.info("answered ({} ms after INVITE)", Math.round(recorder.sip().answerMillis()));
    }

    /** Answers the INVITE with {@code reason}'s status: the call was refused before it took any resource. */
    void refuse(EndReason reason) {
        log.info("INVITE from {} refused: {}", invite.source(), reason.description());
        ending.refuse(reason);
    }
}
