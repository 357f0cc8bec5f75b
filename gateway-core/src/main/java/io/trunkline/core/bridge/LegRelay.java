package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.observe.DropTally;
import io.trunkline.core.record.MediaSeries;
import java.nio.ByteBuffer;

/**
 * The one sink of a call's media and agent legs' events, and the path of its audio between them: caller frames and
 * key presses go to the agent (held back once the carrier took a transfer), the agent's audio, clears and marks go
 * to the caller, and both directions feed the call's {@link Conversation}; the answered call's media is sampled
 * ({@link MediaSampler}). What changes the call's state (the agent ready, hanging up, refusing or failing, the
 * caller's RTP gone quiet) goes to its {@link CallSession}. Confined to the call's loop, and the leg event handlers
 * assert it.
 */
final class LegRelay implements MediaLegListener, AgentEvents {
    private final CallSession session;
    private final Call call;
    private final CallLoop loop;
    private final CallLog log;
    private final AgentLink agent;
    private final TransferGate transfer;
    private final CallRecorder recorder;
    private final DropTally drops;
    private final MediaSampler sampler;
    private Conversation conversation;
    private MediaLeg media;

    LegRelay(CallSession session, Call call, CallLoop loop, CallLog log, AgentLink agent, TransferGate transfer,
            CallRecorder recorder, DropTally drops, Conversation conversation) {
        this.session = session;
        this.call = call;
        this.loop = loop;
        this.log = log;
        this.agent = agent;
        this.transfer = transfer;
        this.recorder = recorder;
        this.drops = drops;
        this.conversation = conversation;
        this.sampler = new MediaSampler(loop, recorder.startNanos());
    }

    /** The call's media leg, once open. */
    void attach(MediaLeg leg) {
        media = leg;
    }

    /** The call's media leg, or null before it is open. */
    MediaLeg media() {
        return media;
    }

    /** What the call's conversation is noted in from now on (an outbound call's, once the callee's codec is known). */
    void conversation(Conversation replacement) {
        conversation = replacement;
    }

    Conversation conversation() {
        return conversation;
    }

    /** The call was answered: media flows both ways and is sampled every second. */
    void startMedia() {
        media.start();
        sampler.start(media::stats);
    }

    void stopSampling() {
        sampler.stop();
    }

    void closeMedia() {
        if (media != null) {
            media.close();
        }
    }

    /** The media leg's figures, or none when no leg was opened. */
    MediaStats stats() {
        return media == null ? MediaStats.EMPTY : media.stats();
    }

    MediaSeries series() {
        return sampler.series();
    }

    /** Sends {@code digits} to the caller; digits that find the call not answered or ending are dropped. */
    void sendDtmf(String digits) {
        assertOnLoop();
        if (media == null || call.state() != CallState.ANSWERED) {
            log.info("DTMF {} not sent: the call is {}", digits, call.state());
        } else if (media.sendDtmf(digits)) {
            log.info("sending DTMF {} to the caller", digits);
        } else {
            log.warn("DTMF {} not sent: too many digits already waiting", digits);
        }
    }

    /** A re-INVITE changed the media. */
    void updateMedia(MediaOffer offer) {
        assertOnLoop();
        if (media != null && !call.isEndingOrOver()) {
            log.info("media update: {} {}", offer.direction().sdpAttribute(), offer.remoteRtp());
            media.update(offer);
        }
    }

    // ---- the agent leg ----

    @Override
    public void identified(String agentCallId) {
        recorder.agentCallId(agentCallId);
    }

    @Override
    public void ready(ConnectPhases phases) {
        assertOnLoop();
        session.agentReady(phases);
    }

    @Override
    public void audio(ByteBuffer audio) {
        assertOnLoop();
        if (call.state() == CallState.ANSWERED && !transfer.holdsAgentAudio()) {
            recorder.agentAudio();
            media.play(audio); // what does not fit is counted by the leg, where it is dropped
        }
    }

    @Override
    public void clear() {
        assertOnLoop();
        if (media != null && call.state() == CallState.ANSWERED && !transfer.holdsAgentAudio()) {
            media.clear();
            conversation.bargeIn();
        }
    }

    @Override
    public void mark(String name) {
        assertOnLoop();
        if (media != null && !call.isEndingOrOver()) {
            media.mark(name); // queued behind the audio before it; the leg reports it played (onMarkPlayed)
        }
    }

    @Override
    public void hangup(String reason) {
        assertOnLoop();
        session.agentHungUp(reason);
    }

    @Override
    public void refused(int sipStatus, String reason) {
        assertOnLoop();
        session.agentRefused(sipStatus, reason);
    }

    @Override
    public void transferRequested(TransferRequest request) {
        assertOnLoop();
        conversation.transferRequested(request.destination());
        transfer.agentAsked(request);
    }

    @Override
    public void failed(AgentFailure failure) {
        agent.failed(failure);
    }

    // ---- the media leg ----

    @Override
    public void onCallerAudio(ByteBuffer frame) {
        assertOnLoop();
        TargetRelay target = transfer.bridged();
        if (target != null) {
            target.callerAudio(frame); // bridged: the caller talks to a human now
            return;
        }
        if (transfer.holdsCallerAudio()) {
            return; // the caller is being taken elsewhere: the agent must not answer what it hears now
        }
        conversation.callerAudio(frame);
        agent.sendCallerAudio(frame);
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
        assertOnLoop();
        conversation.dtmf(digit);
        log.debug("DTMF {} ({} ms)", digit.digit(), digit.durationMillis());
        TargetRelay target = transfer.bridged();
        if (target != null) {
            target.callerDtmf(digit);
        } else if (!transfer.holdsCallerAudio()) {
            agent.sendDtmf(digit);
        }
    }

    @Override
    public void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
        if (!transfer.holdsAgentAudio()) { // ring-back and the target's voice are no agent turn
            conversation.agentAudioSent(payload, sentNanos);
        }
        sampler.agentPacketSent(sentNanos);
    }

    @Override
    public void onMarkPlayed(String name) {
        agent.markPlayed(name);
    }

    @Override
    public void dropped(DropReason reason, long count) {
        drops.dropped(reason, count);
    }

    @Override
    public void onInactivity() {
        assertOnLoop();
        log.warn("no RTP from the caller within the inactivity timeout");
        session.end(EndReason.RTP_INACTIVITY);
    }

    private void assertOnLoop() {
        assert loop.inLoop() : "call " + call.id() + " used off its loop";
    }
}
