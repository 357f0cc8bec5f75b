package io.trunkline.core.bridge;

import io.trunkline.core.call.CallDirection;
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
import io.trunkline.core.record.TrunkResponse;
import io.trunkline.core.signalling.InboundInvite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles one call's {@link CallRecord}: the facts arrive while the call runs (SIP phases, the answer, key
 * presses, barge-ins, the agent's id and first audio, the final status) and each leg's figures are added when the
 * call ends. Confined to the call's loop, except {@link #snapshot}, which listings take from any thread.
 */
final class CallRecorder {
    private final String agentKind;
    private final CallDirection direction;
    private final Instant startedAt;
    private final long startNanos;
    private final SipTimeline sip;
    private final CallRecord.Builder record;
    private final TimelineLog timeline;
    private final List<TrunkResponse> trunkResponses = new ArrayList<>(4);
    private MediaSeries mediaSeries = MediaSeries.NONE;
    private volatile CallParties parties;
    private volatile MediaOffer media;
    private volatile Instant answeredAt;
    private int finalStatus;
    private volatile String agentCallId;
    private TransferSummary transfer;
    private long firstAudioNanos;

    /** The recorder of an inbound call, which starts with the INVITE's arrival. */
    static CallRecorder inbound(String callId, InboundInvite invite, String agentKind) {
        return new CallRecorder(callId, invite.parties(), invite.media(), invite.receivedAt(), invite.receivedNanos(),
                invite.tryingNanos(), agentKind, CallDirection.INBOUND);
    }

    /**
     * The recorder of an outbound call: the request's {@code parties}, no media until the answer, SIP phases timed
     * from the INVITE once it left ({@link #inviteSent}).
     */
    static CallRecorder outbound(String callId, CallParties parties, String agentKind) {
        return new CallRecorder(callId, parties, null, Instant.now(), System.nanoTime(), 0, agentKind,
                CallDirection.OUTBOUND);
    }

    private CallRecorder(String callId, CallParties parties, MediaOffer media, Instant startedAt, long startNanos,
            long tryingNanos, String agentKind, CallDirection direction) {
        this.agentKind = agentKind;
        this.direction = direction;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.parties = parties;
        this.sip = new SipTimeline(startNanos, tryingNanos);
        this.timeline = new TimelineLog(startNanos);
        this.record = CallRecord.builder(callId)
                .agentKind(agentKind)
                .startedAt(startedAt)
                .direction(direction);
        if (media != null) {
            media(media);
        }
    }

    /** The negotiated carrier media (an outbound call's, from the callee's answer). */
    void media(MediaOffer offer) {
        media = offer;
        record.codec(offer.codec().name());
        record.srtpSuite(offer.encrypted() ? offer.srtp().suite().sdpName() : null);
        int ptime = offer.ptimeMillis();
        if (ptime > 0 && ptime != 20) {
            record.offeredPtimeMs(ptime); // the gateway sends 20 ms packets whatever was asked
        }
    }

    /** The parties, once more is known of them (an outbound call's SIP Call-ID). */
    void parties(CallParties newParties) {
        parties = newParties;
    }

    CallParties parties() {
        return parties;
    }

    /** When the call began (INVITE received, or the outbound call requested), monotonic: the timeline's origin. */
    long startNanos() {
        return startNanos;
    }

    /** The carrier's negotiated media, from any thread; null before an outbound call's answer. */
    MediaOffer media() {
        return media;
    }

    /** An outbound call's first INVITE left at {@code nanos}. */
    void inviteSent(long nanos) {
        sip.inviteSent(nanos);
    }

    /** The trunk answered an outbound INVITE with {@code status} at {@code nanos}. */
    void trunkResponse(int status, long nanos) {
        trunkResponses.add(new TrunkResponse(status, sip.sinceInvite(nanos)));
        if (status == 100 && sip.tryingNanos == 0) {
            sip.tryingNanos = nanos;
        } else if ((status == 180 || status == 183) && sip.ringingNanos == 0) {
            sip.ringingNanos = nanos;
        }
        if (status >= 200) {
            finalStatus = status;
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
        answered(System.nanoTime());
    }

    /** The call was answered at {@code nanos} (200 OK sent, or received for an outbound call). */
    void answered(long nanos) {
        sip.answeredNanos = nanos;
        answeredAt = Instant.now();
        finalStatus = 200;
    }

    /** Whether the call has been answered, from any thread. */
    boolean isAnswered() {
        return answeredAt != null;
    }

    /** What the call looks like right now, from any thread (fields may be a moment old). */
    ActiveCall snapshot(String callId, CallState state) {
        CallParties parties = this.parties;
        MediaOffer media = this.media;
        boolean encrypted = media != null && media.encrypted();
        return new ActiveCall(callId, parties.sipCallId(), parties.twilioCallSid(), parties.from(), parties.to(),
                agentKind, media == null ? null : media.codec().name(), state.name(), startedAt, answeredAt,
                parties.sipTransport(), parties.signallingEncrypted(), encrypted,
                encrypted ? media.srtp().suite().sdpName() : null, direction.tag());
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
        return record.parties(parties)
                .trunkResponses(trunkResponses)
                .answeredAt(answeredAt)
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
