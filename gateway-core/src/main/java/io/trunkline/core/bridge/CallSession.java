package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.loop.CallLoop.Cancellable;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.observe.AgentConnectPhases;
import io.trunkline.core.observe.CallObserver;
import io.trunkline.core.record.AttributionThresholds;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Drives one call from offer to teardown. Everything runs on the call's loop: events from the SIP adapter arrive
 * on listener threads and are handed over; media and agent events already arrive on the loop. Teardown happens
 * exactly once, whichever side starts it, and always ends with one {@link CallRecord}.
 */
final class CallSession implements CallSignals, MediaLegListener, AgentListener {

    /** What the session needs from the bridge that owns it. */
    interface Owner {
        MediaLegFactory media();

        CallConfig config();

        /** Where call-level events go (metrics). */
        CallObserver observer();

        /** What the record's attribution verdict is judged against. */
        AttributionThresholds thresholds();

        /** The call is over: release its admission slot (if it had one) and publish the record. */
        void finished(CallSession session, CallRecord record, boolean admitted);
    }

    private final Owner owner;
    private final AgentConnector connector;
    private final AgentConfig agentConfig;
    private final CallLoop loop;
    private final Call call;
    private final InboundInvite invite;
    private final SignallingLeg signalling;
    private final SipTimeline sip;
    private final CallLog log;
    private final CallRecord.Builder record;
    private final EarlyAudioBuffer earlyAudio;
    private final StringBuilder digits = new StringBuilder();
    private final TurnTracker turns;
    private final CallObserver observer;

    private boolean admitted;
    private MediaLeg media;
    private AgentLeg agent;
    private boolean agentReady;
    private final AgentTimeline agentTimes = new AgentTimeline();
    private volatile Instant answeredAt;
    private int bargeIns;
    private int finalStatus;
    private Cancellable agentTimeout;
    private Cancellable maxDuration;
    private boolean reconnecting;
    private int reconnects;
    private int agentRetryAfter;

    CallSession(Owner owner, AgentRouter.RoutedAgent routed, String callId, CallLoop loop, InboundInvite invite,
            SignallingLeg signalling) {
        this.owner = owner;
        this.connector = routed.connector();
        this.agentConfig = routed.config();
        this.loop = loop;
        this.call = new Call(callId);
        this.invite = invite;
        this.signalling = signalling;
        this.sip = new SipTimeline(invite.receivedNanos(), invite.tryingNanos());
        this.log = new CallLog(callId);
        this.observer = owner.observer();
        String kind = connector.kind();
        this.turns = new TurnTracker(connector.format(), nanos -> observer.turnLatency(kind, nanos));
        this.earlyAudio = new EarlyAudioBuffer(
                owner.config().earlyAudioMillis() * connector.format().frameBytes() / 20);
        this.record = CallRecord.builder(callId)
                .parties(invite.parties())
                .agentKind(connector.kind())
                .startedAt(invite.receivedAt());
        if (invite.media() != null) {
            record.codec(invite.media().codec().name());
        }
    }

    String id() {
        return call.id();
    }

    CallState state() {
        return call.state();
    }

    InboundInvite invite() {
        return invite;
    }

    /** What the call looks like right now, from any thread (fields may be a moment old). */
    ActiveCall snapshot() {
        MediaOffer offer = invite.media();
        return new ActiveCall(call.id(), invite.parties().sipCallId(), invite.parties().twilioCallSid(),
                invite.parties().from(), invite.parties().to(), connector.kind(),
                offer == null ? null : offer.codec().name(), call.state().name(), invite.receivedAt(), answeredAt);
    }

    // ---- start ------------------------------------------------------------------------------------------------

    /** Refuses the call before any resource is taken (negotiation failure, capacity, drain). */
    void refuse(EndReason reason) {
        loop.run(() -> {
            log.info("INVITE from {} refused: {}", invite.source(), reason.description());
            observer.callRejected(reason);
            call.endFor(reason);
            call.moveTo(CallState.REJECTED);
            finalStatus = reason.unansweredSipStatus();
            signalling.reject(finalStatus, reason.description(), retryAfter(finalStatus));
            finish();
        });
    }

    /** Starts an admitted call: media leg, agent connection, and the answer per policy. */
    void start() {
        admitted = true;
        loop.run(this::start0);
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
        agentTimes.connectStartNanos = System.nanoTime();
        agentTimeout = loop.schedule(this::agentTimedOut,
                owner.config().agentReadyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        agent = connector.connect(new AgentSession(call.id(), invite.parties()), loop, this);
        if (call.isEndingOrOver()) {
            agent.close(); // the connector failed synchronously
            return;
        }
        if (owner.config().answerPolicy() == AnswerPolicy.IMMEDIATE) {
            answer();
        } else {
            signalling.ringing();
            sip.ringingNanos = System.nanoTime();
        }
    }

    private void answer() {
        signalling.answer(media.localRtpAddress(), invite.media());
        sip.answeredNanos = System.nanoTime();
        answeredAt = Instant.now();
        finalStatus = 200;
        call.moveTo(CallState.ANSWERED);
        media.start();
        maxDuration = loop.schedule(() -> end(EndReason.MAX_DURATION),
                owner.config().maxDuration().toNanos(), TimeUnit.NANOSECONDS);
        log.info("answered ({} ms after INVITE)", Math.round(sip.sinceInvite(sip.answeredNanos)));
    }

    private void agentTimedOut() {
        if (!agentReady && !call.isEndingOrOver()) {
            log.warn("agent not ready after {} ms", owner.config().agentReadyTimeout().toMillis());
            end(EndReason.AGENT_CONNECT_TIMEOUT);
        }
    }

    // ---- agent events (on the loop) ---------------------------------------------------------------------------

    @Override
    public void onAgentReady() {
        if (call.isEndingOrOver()) {
            return;
        }
        agentReady = true;
        cancel(agentTimeout);
        if (reconnecting) {
            reconnecting = false;
            log.info("agent reconnected");
        } else {
            agentTimes.readyNanos = System.nanoTime();
            if (agent instanceof AgentConnectPhases phases) {
                agentTimes.restNanos = phases.restNanos();
                agentTimes.webSocketNanos = phases.webSocketNanos();
            }
            log.info("agent ready in {} ms", Math.round(agentTimes.connectMillis()));
        }
        if (call.state() == CallState.CONNECTING_AGENT) {
            answer();
        }
        if (earlyAudio.bufferedBytes() > 0) {
            earlyAudio.drainTo(agent::sendAudio);
        }
    }

    @Override
    public void onAgentFailed(AgentFailure failure) {
        log.warn("agent connection failed ({}): {}", failure.kind(), failure.message());
        agentError(failure);
        if (reconnecting) {
            end(EndReason.AGENT_DISCONNECTED);
            return;
        }
        agentRetryAfter = failure.retryAfterSeconds();
        end(failure.kind() == AgentFailure.Kind.TIMEOUT
                ? EndReason.AGENT_CONNECT_TIMEOUT : EndReason.AGENT_CONNECT_FAILED);
    }

    @Override
    public void onAgentAudio(ByteBuffer audio) {
        if (call.state() != CallState.ANSWERED) {
            return;
        }
        long now = System.nanoTime();
        if (agentTimes.firstAudioNanos == 0) {
            agentTimes.firstAudioNanos = now;
        }
        media.play(audio);
        turns.onAgentAudio(audio, now, connector.format());
    }

    @Override
    public void onClear() {
        if (media != null && call.state() == CallState.ANSWERED) {
            media.clear();
            bargeIns++;
            turns.onClear(System.nanoTime());
            observer.bargeIn(connector.kind());
        }
    }

    @Override
    public void onMark(String name) {
        if (media != null && !call.isEndingOrOver()) {
            media.whenPlayedOut(() -> {
                if (!call.isEndingOrOver()) {
                    agent.markPlayed(name);
                }
            });
        }
    }

    @Override
    public void onAgentHangup(String reason) {
        log.info("agent hung up: {}", reason);
        end(EndReason.AGENT_HANGUP);
    }

    @Override
    public void onAgentDisconnected(AgentFailure failure) {
        log.warn("agent disconnected ({}): {}", failure.kind(), failure.message());
        agentError(failure);
        if (failure.kind() != AgentFailure.Kind.PROTOCOL && mayReconnect()) {
            reconnect();
            return;
        }
        end(failure.kind() == AgentFailure.Kind.PROTOCOL
                ? EndReason.AGENT_PROTOCOL_ERROR : EndReason.AGENT_DISCONNECTED);
    }

    private void agentError(AgentFailure failure) {
        if (!call.isEndingOrOver()) {
            agentTimes.errors++;
            observer.agentError(connector.kind(), failure.kind());
        }
    }

    private boolean mayReconnect() {
        return agentConfig.onDisconnect() == DisconnectPolicy.RECONNECT && reconnects == 0
                && call.state() == CallState.ANSWERED;
    }

    /** One new connection to the agent; the caller hears silence (the pacer's) and their audio is kept meanwhile. */
    private void reconnect() {
        reconnects++;
        reconnecting = true;
        agentReady = false;
        agent.close();
        log.info("reconnecting to the agent (deadline {} ms)", agentConfig.reconnectDeadline().toMillis());
        agentTimeout = loop.schedule(() -> {
            if (reconnecting && !call.isEndingOrOver()) {
                log.warn("agent did not come back within {} ms", agentConfig.reconnectDeadline().toMillis());
                end(EndReason.AGENT_DISCONNECTED);
            }
        }, agentConfig.reconnectDeadline().toNanos(), TimeUnit.NANOSECONDS);
        agent = connector.connect(new AgentSession(call.id(), invite.parties()), loop, this);
    }

    // ---- media events (on the loop) ---------------------------------------------------------------------------

    @Override
    public void onCallerAudio(ByteBuffer frame) {
        turns.onCallerAudio(frame, System.nanoTime());
        if (agentReady) {
            agent.sendAudio(frame);
        } else if (!call.isEndingOrOver()) {
            earlyAudio.add(frame);
        }
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
        digits.append(digit.digit());
        log.debug("DTMF {} ({} ms)", digit.digit(), digit.durationMillis());
        if (agentReady) {
            agent.sendDtmf(digit);
        }
    }

    @Override
    public void onInactivity() {
        log.warn("no RTP from the caller within the inactivity timeout");
        end(EndReason.RTP_INACTIVITY);
    }

    // ---- SIP events (from listener threads) -------------------------------------------------------------------

    @Override
    public void onAck(long nanos) {
        loop.run(() -> sip.ackNanos = nanos);
    }

    @Override
    public void onBye(long nanos) {
        loop.run(() -> {
            sip.byeReceivedNanos = nanos;
            end(EndReason.CALLER_HANGUP);
        });
    }

    @Override
    public void onCancel(long nanos) {
        loop.run(() -> end(EndReason.CALLER_CANCELLED));
    }

    @Override
    public void onMediaUpdate(MediaOffer offer) {
        loop.run(() -> {
            if (media != null && !call.isEndingOrOver()) {
                log.info("media update: {} {}", offer.direction().sdpAttribute(), offer.remoteRtp());
                media.update(offer);
            }
        });
    }

    @Override
    public void onAckTimeout() {
        loop.run(() -> end(EndReason.NO_ACK));
    }

    @Override
    public void onByeSent(long nanos) {
        loop.run(() -> sip.byeSentNanos = nanos);
    }

    // ---- teardown ---------------------------------------------------------------------------------------------

    /** Ends the call for {@code reason}, from any thread; only the first reason counts. */
    void end(EndReason reason) {
        loop.run(() -> end0(reason));
    }

    private void end0(EndReason reason) {
        if (call.isEndingOrOver() || !call.endFor(reason)) {
            return;
        }
        boolean answered = call.state() == CallState.ANSWERED;
        if (answered) {
            call.moveTo(CallState.ENDING);
            if (reason != EndReason.CALLER_HANGUP) {
                signalling.hangup(reason);
                // The record is published now; the adapter's onByeSent arrives after it.
                sip.byeSentNanos = System.nanoTime();
            }
        } else if (agentConfig.fallbackUri() != null && isAgentSetupFailure(reason)) {
            finalStatus = 302;
            signalling.redirect(agentConfig.fallbackUri());
            call.moveTo(unansweredEndState(reason));
        } else {
            finalStatus = reason.unansweredSipStatus();
            signalling.reject(finalStatus, reason.description(), retryAfter(finalStatus));
            call.moveTo(unansweredEndState(reason));
        }
        log.info("ending: {} ({})", reason.description(), reason.side());
        closeLegs(reason);
        if (call.state() == CallState.ENDING) {
            call.moveTo(CallState.ENDED);
        }
        finish();
    }

    private void closeLegs(EndReason reason) {
        cancel(agentTimeout);
        cancel(maxDuration);
        if (agent != null) {
            if (reason == EndReason.CALLER_HANGUP || reason == EndReason.CALLER_CANCELLED) {
                agent.callerHungUp();
            } else {
                agent.close();
            }
        }
        if (media != null) {
            media.close();
        }
    }

    private void finish() {
        Instant endedAt = Instant.now();
        MediaStats stats = media == null ? MediaStats.EMPTY : media.stats();
        record.answeredAt(answeredAt)
                .endedAt(endedAt)
                .durationMs(answeredAt == null ? 0 : endedAt.toEpochMilli() - answeredAt.toEpochMilli())
                .sip(sip.toTimings())
                .agent(agentTimes.toTimings(sip.answeredNanos, turns.firstSpeechNanos(), reconnects))
                .agentCallId(agent == null ? null : agent.agentCallId())
                .inbound(stats.inbound())
                .outbound(stats.outbound())
                .farEnd(stats.farEnd())
                .gateway(stats.gateway())
                .turns(turns.stats())
                .dtmfDigits(digits.toString())
                .bargeIns(bargeIns)
                .finalStatus(finalStatus)
                .endReason(call.endReason())
                .attributionThresholds(owner.thresholds());
        if (earlyAudio.droppedFrames() > 0) {
            log.warn("{} early caller frames did not fit the buffer before the agent was ready",
                    earlyAudio.droppedFrames());
        }
        owner.finished(this, record.build(), admitted);
    }

    private CallState unansweredEndState(EndReason reason) {
        if (reason == EndReason.CALLER_CANCELLED || reason == EndReason.SHUTDOWN) {
            return CallState.ENDING;
        }
        return call.state() == CallState.OFFERED ? CallState.REJECTED : CallState.FAILED;
    }

    private static boolean isAgentSetupFailure(EndReason reason) {
        return reason == EndReason.AGENT_CONNECT_FAILED || reason == EndReason.AGENT_CONNECT_TIMEOUT;
    }

    /** The agent platform's own hint (e.g. Vapi's 429 Retry-After) wins over the configured one. */
    private int retryAfter(int status) {
        if (status != 503) {
            return 0;
        }
        return agentRetryAfter > 0 ? agentRetryAfter : owner.config().retryAfterSeconds();
    }

    private static void cancel(Cancellable task) {
        if (task != null) {
            task.cancel();
        }
    }
}
