package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.Call;
import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.loop.CallLoop.Cancellable;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.observe.CallObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.observe.DropTally;
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
 * exactly once, whichever side starts it, and always ends with one {@link CallRecord}. The agent connection's own
 * life (ready timeout, reconnect, early audio) is {@link AgentLink}'s.
 */
final class CallSession implements CallSignals, MediaLegListener {

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
    private final AgentLink agent;
    private final CallLoop loop;
    private final Call call;
    private final InboundInvite invite;
    private final SignallingLeg signalling;
    private final SipTimeline sip;
    private final CallLog log;
    private final CallRecord.Builder record;
    private final StringBuilder digits = new StringBuilder();
    private final TurnTracker turns;
    private final CallObserver observer;
    private final DropTally drops;

    private boolean admitted;
    private MediaLeg media;
    private volatile Instant answeredAt;
    private int bargeIns;
    private int finalStatus;
    private Cancellable maxDuration;
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
        this.drops = new DropTally(observer);
        String kind = connector.kind();
        this.turns = new TurnTracker(connector.format(),
                invite.media() == null ? AudioFormat.PCMU_8K : invite.media().codec(),
                nanos -> observer.turnLatency(kind, nanos));
        this.agent = new AgentLink(connector, agentConfig, new AgentSession(callId, invite.parties()), loop, log,
                observer, drops, owner.config().earlyAudioMillis() * connector.format().frameBytes() / 20,
                new AgentEvents());
        this.record = CallRecord.builder(callId)
                .parties(invite.parties())
                .agentKind(connector.kind())
                .startedAt(invite.receivedAt());
        if (invite.media() != null) {
            record.codec(invite.media().codec().name());
            record.srtpSuite(invite.media().encrypted() ? invite.media().srtp().suite().sdpName() : null);
            int ptime = invite.media().ptimeMillis();
            if (ptime > 0 && ptime != 20) {
                record.offeredPtimeMs(ptime); // the gateway sends 20 ms packets whatever was asked
            }
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
                offer == null ? null : offer.codec().name(), call.state().name(), invite.receivedAt(), answeredAt,
                offer != null && offer.encrypted(), offer != null && offer.encrypted()
                        ? offer.srtp().suite().sdpName() : null);
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
        agent.connect(owner.config().agentReadyTimeout());
        if (call.isEndingOrOver()) {
            return; // the connector failed at once
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

    /** The agent's side of the call, as {@link AgentLink} reports it. */
    private final class AgentEvents implements AgentLink.Call {
        @Override
        public void agentReady() {
            if (call.state() == CallState.CONNECTING_AGENT) {
                answer();
            }
        }

        @Override
        public void agentAudio(ByteBuffer audio) {
            if (call.state() == CallState.ANSWERED) {
                media.play(audio); // what does not fit is counted by the leg, where it is dropped
            }
        }

        @Override
        public void agentClear() {
            if (media != null && call.state() == CallState.ANSWERED) {
                media.clear();
                bargeIns++;
                turns.onClear(System.nanoTime());
                observer.bargeIn(connector.kind());
            }
        }

        @Override
        public void agentMark(String name) {
            if (media != null && !call.isEndingOrOver()) {
                media.mark(name);
            }
        }

        @Override
        public void agentEnded(EndReason reason, int retryAfterSeconds) {
            agentRetryAfter = retryAfterSeconds;
            end(reason);
        }

        @Override
        public boolean answered() {
            return call.state() == CallState.ANSWERED;
        }

        @Override
        public boolean over() {
            return call.isEndingOrOver();
        }
    }

    // ---- media events (on the loop) ---------------------------------------------------------------------------

    @Override
    public void onCallerAudio(ByteBuffer frame) {
        turns.onCallerAudio(frame, System.nanoTime());
        agent.sendCallerAudio(frame);
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
        digits.append(digit.digit());
        log.debug("DTMF {} ({} ms)", digit.digit(), digit.durationMillis());
        agent.sendDtmf(digit);
    }

    @Override
    public void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
        turns.onAgentAudioSent(payload, sentNanos);
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
    public void onSessionExpired() {
        loop.run(() -> {
            if (!call.isEndingOrOver()) {
                log.warn("the caller did not refresh the session timer in time");
            }
            end(EndReason.SESSION_EXPIRED);
        });
    }

    @Override
    public void onSessionRefreshFailed() {
        loop.run(() -> end(EndReason.SESSION_REFRESH_FAILED)); // the SIP leg logged the refresh's answer
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
        if (maxDuration != null) {
            maxDuration.cancel();
        }
        agent.close(reason.side() != EndedBy.AGENT);
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
                .agent(agent.timings(sip.answeredNanos, turns.firstSpeechNanos()))
                .agentCallId(agent.agentCallId())
                .inbound(stats.inbound())
                .outbound(stats.outbound())
                .farEnd(stats.farEnd())
                .gateway(stats.gateway())
                .drops(drops.totals())
                .turns(turns.stats())
                .dtmfDigits(digits.toString())
                .bargeIns(bargeIns)
                .finalStatus(finalStatus)
                .endReason(call.endReason())
                .attributionThresholds(owner.thresholds());
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
}
