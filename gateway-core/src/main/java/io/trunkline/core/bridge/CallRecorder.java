package io.trunkline.core.bridge;

import io.trunkline.core.call.CallState;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.AgentTimings;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.CallTimeline;
import io.trunkline.core.record.DropTotals;
import io.trunkline.core.record.MediaSeries;
import io.trunkline.core.record.TimelineEvent;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.signalling.InboundInvite;
import java.time.Instant;
import java.util.List;

/**
 * Assembles one call's {@link CallRecord}: the facts arrive while the call runs (SIP phases, the answer, key
 * presses, barge-ins, the agent's id and first audio, the final status) and each leg's figures are added when the
 * call ends. Confined to the call's loop, except {@link #snapshot}, which listings take from any thread.
 */
final class CallRecorder {
    private final InboundInvite invite;
    private final String agentKind;
    private final SipTimeline sip;
    private final CallRecord.Builder record;
    private final TimelineLog timeline;
    private MediaSeries mediaSeries = MediaSeries.NONE;
    private volatile Instant answeredAt;
    private int finalStatus;
    private volatile String agentCallId;
    private TransferSummary transfer;
    private long firstAudioNanos;

    CallRecorder(String callId, InboundInvite invite, String agentKind) {
        this.invite = invite;
        this.agentKind = agentKind;
        this.sip = new SipTimeline(invite.receivedNanos(), invite.tryingNanos());
        this.timeline = new TimelineLog(invite.receivedNanos());
        this.record = CallRecord.builder(callId)
                .parties(invite.parties())
                .agentKind(agentKind)
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

    /** The SIP phases' time stamps, written as the phases happen. */
    SipTimeline sip() {
        return sip;
    }

    /** The moments of the conversation, for the call's timeline. */
    TimelineLog timeline() {
        return timeline;
    }

    /** The answered call's media, second by second. */
    void mediaSeries(MediaSeries series) {
        mediaSeries = series;
    }

    /** The call was answered now (200 OK sent). */
    void answered() {
        sip.answeredNanos = System.nanoTime();
        answeredAt = Instant.now();
        finalStatus = 200;
    }

    /** Whether the call has been answered, from any thread. */
    boolean isAnswered() {
        return answeredAt != null;
    }

    /** What the call looks like right now, from any thread (fields may be a moment old). */
    ActiveCall snapshot(String callId, CallState state) {
        CallParties parties = invite.parties();
        MediaOffer media = invite.media();
        boolean encrypted = media != null && media.encrypted();
        return new ActiveCall(callId, parties.sipCallId(), parties.twilioCallSid(), parties.from(), parties.to(),
                agentKind, media == null ? null : media.codec().name(), state.name(), invite.receivedAt(), answeredAt,
                parties.sipTransport(), parties.signallingEncrypted(), encrypted,
                encrypted ? media.srtp().suite().sdpName() : null);
    }

    /** The final response to the INVITE, when it is not a 200. */
    void finalStatus(int status) {
        finalStatus = status;
    }

    /** The agent platform's id for the call; a reconnected agent's replaces the first. */
    void agentCallId(String id) {
        agentCallId = id;
    }

    /** The agent platform's id for the call, from any thread; null while unknown. */
    String agentCallIdNow() {
        return agentCallId;
    }

    /** The call's transfer, or null when none was asked for. */
    void transfer(TransferSummary summary) {
        transfer = summary;
    }

    /** Agent audio reached the media leg of the answered call. */
    void agentAudio() {
        if (firstAudioNanos == 0) {
            firstAudioNanos = System.nanoTime();
        }
    }

    /** The agent connection as a timeline event: from its start until ready (no duration when never ready). */
    private List<TimelineEvent> agentConnect(AgentLink agent, AgentTimings timings) {
        long start = agent.connectStartNanos();
        return start == 0 ? List.of()
                : List.of(new TimelineEvent(TimelineEvent.AGENT_CONNECT, timeline.millis(start), timings.connectMs(),
                        null));
    }

    /** The record, once the call is over. */
    CallRecord finish(EndReason reason, MediaStats media, AgentLink agent, DropTotals drops,
            Conversation conversation, AttributionThresholds thresholds) {
        TurnTracker turns = conversation.turns();
        Instant endedAt = Instant.now();
        AgentTimings agentTimings = agent.timings(sip.answeredNanos, firstAudioNanos, turns.firstSpeechNanos());
        return record.answeredAt(answeredAt)
                .endedAt(endedAt)
                .durationMs(answeredAt == null ? 0 : endedAt.toEpochMilli() - answeredAt.toEpochMilli())
                .sip(sip.toTimings())
                .agent(agentTimings)
                .agentCallId(agentCallId)
                .inbound(media.inbound())
                .outbound(media.outbound())
                .farEnd(media.farEnd())
                .gateway(media.gateway())
                .drops(drops)
                .turns(turns.stats())
                .dtmfDigits(conversation.digits())
                .bargeIns(conversation.bargeIns())
                .finalStatus(finalStatus)
                .transfer(transfer)
                .endReason(reason)
                .timeline(new CallTimeline(timeline.events(agentConnect(agent, agentTimings)), timeline.dropped(),
                        mediaSeries))
                .attributionThresholds(thresholds)
                .build();
    }
}
