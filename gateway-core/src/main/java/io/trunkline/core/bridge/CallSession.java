package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.observe.DropTally;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import java.util.concurrent.TimeUnit;

/**
 * Drives one call from offer to teardown: its state machine. The carrier side sets the call up
 * ({@link InboundCall}, {@link OutboundCall}), the legs' events arrive through {@link LegRelay} and SIP's through
 * {@link SipEvents}, transfers go through {@link TransferGate}, and the bridge and the call-control API reach the
 * call through its {@link CallHandle}. Everything here runs on the call's loop, and the state machine's methods
 * assert it; only {@link #end}, {@link #admit} and the accessors of fixed facts (id, agent format, where events go)
 * may be called from elsewhere. Teardown happens exactly once, whichever side starts it, and always ends with one
 * record ({@link CallRecorder}). The agent connection's own life (ready timeout, reconnect, early audio) is
 * {@link AgentLink}'s.
 */
final class CallSession {

    private final SessionOwner owner;
    private final AgentConnector connector;
    private final AgentLink agent;
    private final CallLoop loop;
    private final Call call;
    private final CallLog log;
    private final CallRecorder recorder;
    private final DropTally drops;
    private final InboundCall inbound;
    private final OutboundCall outbound;
    private final CarrierEnding ending;
    private final TransferGate transfer;
    private final LegRelay relay;
    private final CallHandle handle;
    private boolean admitted;
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
        this.log = new CallLog(callId);
        CallObserver observer = owner.observer();
        this.drops = new DropTally(observer);
        this.recorder = recorder;
        this.agent = new AgentLink(connector, routed.config(), new AgentSession(callId, recorder.parties(), direction),
                loop, log, observer, drops, owner.config().earlyAudioMillis() * connector.format().frameBytes() / 20,
                this::agentLost);
        this.transfer = new TransferGate(this, call, loop, log, owner, recorder, agent, signalling, dial != null);
        this.relay = new LegRelay(this, call, loop, log, agent, transfer, recorder, drops,
                conversation(invite == null || invite.media() == null ? AudioFormat.PCMU_8K : invite.media().codec()));
        SipEvents inDialog = new SipEvents(loop, recorder.sip(), this, relay, transfer);
        CallSignals signals;
        if (dial == null) {
            SipEnding sipEnding = new SipEnding(signalling, recorder, routed.config().fallbackUri(),
                    owner.config().retryAfterSeconds());
            this.inbound = new InboundCall(this, loop, invite, signalling, sipEnding, recorder, log);
            this.outbound = null;
            this.ending = sipEnding;
            signals = inDialog;
        } else {
            this.inbound = null;
            this.outbound = new OutboundCall(this, dial, loop, recorder, inDialog, log);
            this.ending = outbound;
            signals = outbound;
        }
        this.handle = new CallHandle(this, call, loop, recorder, relay, transfer, signals);
    }

    /** What the conversation is noted in when the carrier's audio is in {@code carrier}. */
    private Conversation conversation(AudioFormat carrier) {
        return new Conversation(connector.format(), carrier, owner.observer(), connector.kind(), recorder.timeline());
    }

    /** The call as the bridge and the call-control API reach it, from any thread. */
    CallHandle handle() {
        return handle;
    }

    String id() {
        return call.id();
    }

    /** The agent's audio format, in which the media leg exchanges audio with the call. */
    AudioFormat agentFormat() {
        return connector.format();
    }

    /** Where the call's media leg reports its events. */
    MediaLegListener legEvents() {
        return relay;
    }

    /** What a bridged transfer of this (inbound, answered) call works with. */
    BridgedTransfer.Context bridgeContext() {
        return new BridgedTransfer.Context(call.id(), loop, log, owner.media(), relay.media(), recorder.media().codec(),
                connector.format(), drops);
    }

    /** Whether the call has started ending (loop-confined). */
    boolean over() {
        return call.isEndingOrOver();
    }

    /** Counts the call as admitted, from any thread: from now on it ends with a record, even before it started. */
    void admit() {
        admitted = true;
    }

    /** Starts an admitted inbound call: media leg, agent connection, and the answer per policy. */
    void start() {
        assertOnLoop();
        inbound.start(owner.media(), owner.config().answerPolicy());
    }

    /** Dials an admitted outbound call, unless it ended while it waited for its turn. */
    void dial() {
        assertOnLoop();
        outbound.dial(owner.media());
    }

    /** Refuses an inbound call before any resource is taken (negotiation failure, capacity, drain). */
    void refuse(EndReason reason) {
        assertOnLoop();
        owner.observer().callRejected(reason);
        call.endFor(reason);
        call.moveTo(CallState.REJECTED);
        inbound.refuse(reason);
        finish();
    }

    /** An inbound call's media leg is open: the call connects its agent (which may fail at once). */
    void connectAgent(MediaLeg leg) {
        assertOnLoop();
        relay.attach(leg);
        call.moveTo(CallState.CONNECTING_AGENT);
        startAgent();
    }

    /**
     * The callee answered an outbound call in {@code codec} and its media leg is open on the reserved ports: the
     * call is answered, media flows both ways, and the agent connects (the callee's first words wait for it,
     * bounded).
     */
    void answeredByCallee(MediaLeg leg, AudioFormat codec) {
        assertOnLoop();
        relay.attach(leg);
        if (codec != AudioFormat.PCMU_8K) {
            relay.conversation(conversation(codec));
        }
        call.moveTo(CallState.CONNECTING_AGENT);
        answered();
        log.info("answered by the callee ({} ms after INVITE, {})", Math.round(recorder.sip().answerMillis()), codec);
        startAgent();
    }

    /** The carrier side answered: media flows both ways from now on, for at most the call's maximum duration. */
    void answered() {
        assertOnLoop();
        call.moveTo(CallState.ANSWERED);
        agent.answered();
        relay.startMedia();
        maxDuration = loop.schedule(() -> end(EndReason.MAX_DURATION),
                owner.config().maxDuration().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void startAgent() {
        agent.connect(connector.readyTimeout(owner.config().agentReadyTimeout()), relay);
    }

    /** The agent leg is ready: an inbound call still waiting for its agent is answered now. */
    void agentReady(ConnectPhases phases) {
        assertOnLoop();
        if (agent.ready(phases) && call.state() == CallState.CONNECTING_AGENT) {
            inbound.answer(); // an outbound call is answered before its agent connects
        }
    }

    /** The agent ended the call. */
    void agentHungUp(String reason) {
        assertOnLoop();
        log.info("agent hung up: {}", reason);
        end0(EndReason.AGENT_HANGUP);
    }

    /** The agent refused the call with {@code sipStatus}: a hang-up once the call is answered. */
    void agentRefused(int sipStatus, String reason) {
        assertOnLoop();
        if (call.state() == CallState.ANSWERED) {
            agentHungUp(reason);
            return;
        }
        log.info("agent refused the call: {} ({})", sipStatus, reason);
        ending.agentRefusal(sipStatus);
        end0(EndReason.AGENT_REFUSED);
    }

    /** The agent cannot serve the call (it hung up, failed, or the link gave up on it). */
    private void agentLost(EndReason reason, int retryAfterSeconds) {
        ending.agentHint(retryAfterSeconds);
        end0(reason);
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
        relay.stopSampling();
        if (maxDuration != null) {
            maxDuration.cancel();
        }
        transfer.callEnded(reason);
        agent.close(reason.side() != EndedBy.AGENT);
        relay.closeMedia();
        if (call.state() == CallState.ENDING) {
            call.moveTo(CallState.ENDED);
        }
        finish();
    }

    private void finish() {
        recorder.mediaSeries(relay.series());
        recorder.transfer(transfer.summary());
        owner.finished(this, recorder.finish(call.endReason(), relay.stats(), agent, drops.totals(),
                relay.conversation(), owner.thresholds()), admitted);
    }

    private void assertOnLoop() {
        assert loop.inLoop() : "call " + call.id() + " used off its loop";
    }
}
