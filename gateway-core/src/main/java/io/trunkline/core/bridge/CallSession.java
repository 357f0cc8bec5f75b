package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.TransferMode;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.observe.DropTally;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Drives one call from offer to teardown: its state machine, and the one sink of its media and agent legs' events
 * (SIP events come through {@link SipEvents}). Everything runs on the call's loop, and loop-confined methods assert
 * it. Teardown happens exactly once, whichever side starts it, and always ends with one record
 * ({@link CallRecorder}). The agent connection's own life (ready timeout, reconnect, early audio) is
 * {@link AgentLink}'s.
 */
final class CallSession implements MediaLegListener, AgentEvents {

    private final SessionOwner owner;
    private final AgentConnector connector;
    private final AgentLink agent;
    private final CallLoop loop;
    private final Call call;
    private final InboundInvite invite;
    private final SignallingLeg signalling;
    private final CallLog log;
    private final CallRecorder recorder;
    private Conversation conversation;
    private final DropTally drops;
    private final OutboundCall outbound;
    private final CarrierEnding ending;
    private final CallSignals signals;
    private final MediaSampler mediaSampler;
    private final CallTransfer transfer;
    private boolean admitted;
    private MediaLeg media;
    private CallLoop.Cancellable maxDuration;

    /** An inbound call: {@code invite} answered through {@code signalling}. */
    CallSession(SessionOwner owner, AgentRouter.RoutedAgent routed, String callId, CallLoop loop, InboundInvite invite,
            SignallingLeg signalling) {
        this(owner, routed, callId, loop, CallRecorder.inbound(callId, invite, routed.connector().kind()),
                CallDirection.INBOUND, invite, signalling, null);
    }

    /** An outbound call to {@code parties.to()}, dialled through {@code dial} once {@link #dial()} runs. */
    CallSession(SessionOwner owner, AgentRouter.RoutedAgent routed, String callId, CallLoop loop, CallParties parties,
            OutboundCall.Dial dial) {
        this(owner, routed, callId, loop, CallRecorder.outbound(callId, parties, routed.connector().kind()),
                CallDirection.OUTBOUND, null, null, dial);
    }

    private CallSession(SessionOwner owner, AgentRouter.RoutedAgent routed, String callId, CallLoop loop,
            CallRecorder recorder, CallDirection direction, InboundInvite invite, SignallingLeg signalling,
            OutboundCall.Dial dial) {
        this.owner = owner;
        this.connector = routed.connector();
        this.loop = loop;
        this.call = new Call(callId);
        this.invite = invite;
        this.signalling = signalling;
        this.log = new CallLog(callId);
        CallObserver observer = owner.observer();
        this.drops = new DropTally(observer);
        this.recorder = recorder;
        this.conversation = new Conversation(connector.format(),
                invite == null || invite.media() == null ? AudioFormat.PCMU_8K : invite.media().codec(), observer,
                connector.kind(), recorder.timeline());
        this.mediaSampler = new MediaSampler(loop, recorder.startNanos());
        this.agent = new AgentLink(connector, routed.config(), new AgentSession(callId, recorder.parties(), direction),
                loop, log, observer, drops, owner.config().earlyAudioMillis() * connector.format().frameBytes() / 20,
                this::agentLost);
        SipEvents inDialog = new SipEvents(loop, recorder.sip(), this);
        if (dial == null) {
            this.outbound = null;
            this.ending = new SipEnding(signalling, recorder, routed.config().fallbackUri(),
                    owner.config().retryAfterSeconds());
            this.signals = inDialog;
        } else {
            this.outbound = new OutboundCall(this, dial, loop, recorder, inDialog, log);
            this.ending = outbound;
            this.signals = outbound;
        }
        // An outbound call has no inbound dialog to REFER: its transfers are refused before they reach it.
        this.transfer = new CallTransfer(loop, log, owner.transfers(), signalling, observer, transferOutcome());
    }

    /** What the call does when a transfer ends: leave once the caller is with the target, else tell the agent. */
    private CallTransfer.Outcome transferOutcome() {
        return new CallTransfer.Outcome() {
            @Override
            public void transferred() {
                end0(EndReason.TRANSFERRED);
            }

            @Override
            public void failed(String destination, String why) {
                agent.transferFailed(destination, why);
            }
        };
    }

    String id() {
        return call.id();
    }

    /** Where the SIP adapter reports the call's in-dialog events. */
    CallSignals signals() {
        return signals;
    }

    /** The agent platform's id for the call (a Vapi call id), from any thread; null until the agent named it. */
    String agentCallId() {
        return recorder.agentCallIdNow();
    }

    /**
     * Asks for a transfer of the caller, from any thread (the call-control API, an agent platform's server
     * message).
     *
     * @throws CallControlException CONFLICT when the call is not answered or a transfer is under way
     */
    void requestTransfer(TransferRequest request, TransferMode mode, TransferTrigger trigger)
            throws CallControlException {
        if (outbound != null) {
            throw new CallControlException(CallControlException.Kind.CONFLICT,
                    "outbound calls cannot be transferred (REFER needs the carrier's inbound dialog)");
        }
        if (!recorder.isAnswered()) {
            throw new CallControlException(CallControlException.Kind.CONFLICT, "the call is not answered");
        }
        if (!transfer.claim()) {
            throw new CallControlException(CallControlException.Kind.CONFLICT, "a transfer is already under way");
        }
        loop.run(() -> startTransfer(request, mode, trigger));
    }

    private void startTransfer(TransferRequest request, TransferMode mode, TransferTrigger trigger) {
        if (call.state() != CallState.ANSWERED) {
            log.info("transfer to {} not started: the call is {}", request.destination(), call.state());
            transfer.release();
            return;
        }
        transfer.start(request, mode, trigger);
    }

    /** What the call looks like right now, from any thread (fields may be a moment old). */
    ActiveCall snapshot() {
        return recorder.snapshot(call.id(), call.state());
    }

    /**
     * Sends {@code digits} (already checked) to the caller, from any thread: refused at once when the call is not
     * answered or the caller offered no telephone-event; on the loop, digits that find the call ending are dropped.
     */
    void sendDtmf(String digits) throws CallControlException {
        if (!recorder.isAnswered()) {
            throw new CallControlException(CallControlException.Kind.CONFLICT, "the call is not answered yet");
        }
        MediaOffer carrier = recorder.media();
        if (carrier == null || carrier.telephoneEventPayloadType() < 0) {
            throw new CallControlException(CallControlException.Kind.CONFLICT,
                    "the caller offered no telephone-event payload type (RFC 4733): digits cannot be sent");
        }
        loop.run(() -> sendDtmf0(digits));
    }

    private void sendDtmf0(String digits) {
        assertOnLoop();
        if (media == null || call.state() != CallState.ANSWERED) {
            log.info("DTMF {} not sent: the call is {}", digits, call.state());
        } else if (media.sendDtmf(digits)) {
            log.info("sending DTMF {} to the caller", digits);
        } else {
            log.warn("DTMF {} not sent: too many digits already waiting", digits);
        }
    }

    /** Refuses the call before any resource is taken (negotiation failure, capacity, drain). */
    void refuse(EndReason reason) {
        loop.run(() -> {
            log.info("INVITE from {} refused: {}", invite.source(), reason.description());
            owner.observer().callRejected(reason);
            call.endFor(reason);
            call.moveTo(CallState.REJECTED);
            ((SipEnding) ending).refuse(reason);
            finish();
        });
    }

    /** Starts an admitted call: media leg, agent connection, and the answer per policy. */
    void start() {
        admitted = true;
        loop.run(this::start0);
    }

    /** Counts an outbound call as admitted: from now on it ends with a record, even before it is dialled. */
    void admit() {
        admitted = true;
    }

    /** Dials an admitted outbound call (its turn under the trunk's call rate came); nothing once it has ended. */
    void dial() {
        loop.run(() -> {
            if (call.isEndingOrOver()) {
                return;
            }
            log.info("dialling {} from {}", recorder.parties().to(), recorder.parties().from());
            try {
                outbound.dial(owner.media());
            } catch (PortsExhaustedException e) {
                log.warn("no RTP port pair free: {}", e.getMessage());
                end0(EndReason.REJECTED_PORTS);
            } catch (RuntimeException e) {
                log.warn("outbound call failed to start: {}", e.toString());
                end0(EndReason.INTERNAL_ERROR);
            }
        });
    }

    /**
     * The callee answered an outbound call and its media leg is open on the reserved ports: the call is answered,
     * media flows both ways, and the agent connects (the callee's first words wait for it, bounded).
     */
    void answeredByCallee(MediaLeg leg, MediaOffer answer) {
        assertOnLoop();
        media = leg;
        if (answer.codec() != AudioFormat.PCMU_8K) {
            conversation = new Conversation(connector.format(), answer.codec(), owner.observer(), connector.kind(),
                    recorder.timeline());
        }
        call.moveTo(CallState.CONNECTING_AGENT);
        call.moveTo(CallState.ANSWERED);
        agent.answered();
        media.start();
        mediaSampler.start(media::stats);
        maxDuration = loop.schedule(() -> end(EndReason.MAX_DURATION),
                owner.config().maxDuration().toNanos(), TimeUnit.NANOSECONDS);
        log.info("answered by the callee ({} ms after INVITE, {})",
                Math.round(recorder.sip().sinceInvite(recorder.sip().answeredNanos)), answer.codec());
        agent.connect(connector.readyTimeout(owner.config().agentReadyTimeout()), this);
    }

    /** The agent's audio format, in which the media leg exchanges audio with the call. */
    AudioFormat agentFormat() {
        return connector.format();
    }

    /** Whether the call has started ending (loop-confined). */
    boolean over() {
        return call.isEndingOrOver();
    }

    private void start0() {
        MediaOffer offer = invite.media();
        log.info("call from {} to {} ({}, Call-ID {})", invite.parties().from(), invite.parties().to(),
                offer.codec(), invite.parties().sipCallId());
        try {
            media = owner.media().open(call.id(), loop, offer, connector.format(), this);
        } catch (PortsExhaustedException e) {
            log.warn("no RTP port pair free: {}", e.getMessage());
            refuse(EndReason.REJECTED_PORTS);
            return;
        } catch (RuntimeException e) {
            log.warn("media leg failed to open: {}", e.toString());
            refuse(EndReason.INTERNAL_ERROR);
            return;
        }
        call.moveTo(CallState.CONNECTING_AGENT);
        agent.connect(connector.readyTimeout(owner.config().agentReadyTimeout()), this);
        if (call.isEndingOrOver()) {
            return; // the connector failed at once
        }
        if (owner.config().answerPolicy() == AnswerPolicy.IMMEDIATE) {
            answer();
        } else {
            signalling.ringing();
            recorder.sip().ringingNanos = System.nanoTime();
        }
    }

    private void answer() {
        signalling.answer(media.localRtpAddress(), invite.media());
        recorder.answered();
        call.moveTo(CallState.ANSWERED);
        agent.answered();
        media.start();
        mediaSampler.start(media::stats);
        maxDuration = loop.schedule(() -> end(EndReason.MAX_DURATION),
                owner.config().maxDuration().toNanos(), TimeUnit.NANOSECONDS);
        log.info("answered ({} ms after INVITE)", Math.round(recorder.sip().sinceInvite(recorder.sip().answeredNanos)));
    }

    @Override
    public void identified(String agentCallId) {
        recorder.agentCallId(agentCallId);
    }

    @Override
    public void ready(ConnectPhases phases) {
        assertOnLoop();
        if (agent.ready(phases) && call.state() == CallState.CONNECTING_AGENT) {
            answer();
        }
    }

    @Override
    public void audio(ByteBuffer audio) {
        assertOnLoop();
        if (call.state() == CallState.ANSWERED) {
            recorder.agentAudio();
            media.play(audio); // what does not fit is counted by the leg, where it is dropped
        }
    }

    @Override
    public void clear() {
        assertOnLoop();
        if (media != null && call.state() == CallState.ANSWERED) {
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
        log.info("agent hung up: {}", reason);
        end0(EndReason.AGENT_HANGUP);
    }

    /** The agent's platform asked, out of band, to end the call; from any thread. */
    void agentHangup(String reason) {
        loop.run(() -> hangup(reason));
    }

    @Override
    public void refused(int sipStatus, String reason) {
        assertOnLoop();
        if (call.state() == CallState.ANSWERED) {
            hangup(reason);
            return;
        }
        log.info("agent refused the call: {} ({})", sipStatus, reason);
        ending.agentRefusal(sipStatus);
        end0(EndReason.AGENT_REFUSED);
    }

    @Override
    public void transferRequested(TransferRequest request) {
        assertOnLoop();
        conversation.transferRequested(request.destination());
        if (outbound != null) {
            log.info("agent asked for a transfer to {}: outbound calls cannot be transferred", request.destination());
        } else if (call.state() != CallState.ANSWERED) {
            log.info("agent asked for a transfer to {} before the answer: ignored", request.destination());
        } else if (!transfer.claim()) {
            log.info("agent asked for a transfer to {} while one is under way: ignored", request.destination());
        } else {
            transfer.start(request, owner.transfers().mode(), TransferTrigger.AGENT);
        }
    }

    /** The carrier accepted the REFER (202). */
    void transferAccepted() {
        assertOnLoop();
        if (!call.isEndingOrOver()) {
            transfer.accepted();
        }
    }

    /** A NOTIFY about the REFER. */
    void transferProgress(int status, String reason, boolean terminated) {
        assertOnLoop();
        if (!call.isEndingOrOver()) {
            transfer.progress(status, reason, terminated);
        }
    }

    /** The REFER was refused, unanswered or not sent. */
    void transferRefused(int status, String reason) {
        assertOnLoop();
        if (!call.isEndingOrOver()) {
            transfer.refused(status, reason);
        }
    }

    @Override
    public void failed(AgentFailure failure) {
        agent.failed(failure);
    }

    /** The agent cannot serve the call (it hung up, failed, or the link gave up on it). */
    private void agentLost(EndReason reason, int retryAfterSeconds) {
        ending.agentHint(retryAfterSeconds);
        end0(reason);
    }

    @Override
    public void onCallerAudio(ByteBuffer frame) {
        assertOnLoop();
        if (transfer.holdsCallerAudio()) {
            return; // the carrier is taking the caller elsewhere: the agent must not answer what it hears now
        }
        conversation.callerAudio(frame);
        agent.sendCallerAudio(frame);
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
        assertOnLoop();
        conversation.dtmf(digit);
        log.debug("DTMF {} ({} ms)", digit.digit(), digit.durationMillis());
        if (!transfer.holdsCallerAudio()) {
            agent.sendDtmf(digit);
        }
    }

    @Override
    public void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
        conversation.agentAudioSent(payload, sentNanos);
        mediaSampler.agentPacketSent(sentNanos);
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
        end(EndReason.RTP_INACTIVITY);
    }

    /** A re-INVITE changed the media. */
    void updateMedia(MediaOffer offer) {
        assertOnLoop();
        if (media != null && !call.isEndingOrOver()) {
            log.info("media update: {} {}", offer.direction().sdpAttribute(), offer.remoteRtp());
            media.update(offer);
        }
    }

    /** Ends the call for {@code reason}, from any thread; only the first reason counts. */
    void end(EndReason reason) {
        loop.run(() -> end0(reason));
    }

    /** Ends the call for {@code reason} now, on its loop. */
    void end0(EndReason reason) {
        assertOnLoop();
        if (call.isEndingOrOver() || !call.endFor(reason)) {
            return;
        }
        call.moveTo(ending.end(call.state(), reason));
        log.info("ending: {} ({}); timeline at {}", reason.description(), reason.side(), CallRecord.urlOf(call.id()));
        mediaSampler.stop();
        if (maxDuration != null) {
            maxDuration.cancel();
        }
        transfer.callEnded();
        agent.close(reason.side() != EndedBy.AGENT);
        if (media != null) {
            media.close();
        }
        if (call.state() == CallState.ENDING) {
            call.moveTo(CallState.ENDED);
        }
        finish();
    }

    private void finish() {
        MediaStats stats = media == null ? MediaStats.EMPTY : media.stats();
        recorder.mediaSeries(mediaSampler.series());
        recorder.transfer(transfer.summary());
        owner.finished(this, recorder.finish(call.endReason(), stats, agent, drops.totals(), conversation,
                owner.thresholds()), admitted);
    }

    private void assertOnLoop() {
        assert loop.inLoop() : "call " + call.id() + " used off its loop";
    }
}
