package io.trunkline.core.record;

import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AttributionThresholds;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything an operator needs about one call after it is over. Written for every call, including rejected and
 * failed ones. Immutable; build it with {@link #builder(String)}, which derives the outcome, the quality estimate
 * and the attribution from the measured fields.
 *
 * @param callId        the gateway's call id (also the MDC key in logs)
 * @param parties       SIP identities and carrier headers
 * @param agentKind     which agent protocol served the call
 * @param agentCallId   the agent's id for the call (e.g. Vapi call id), or null
 * @param codec         the carrier codec, or null when the call was rejected before negotiation
 * @param offeredPtimeMs the packetisation the offer asked for ({@code ptime}, capped by {@code maxptime}) when it
 *                      is not the 20 ms the gateway sends, else null
 * @param startedAt     wall-clock time the INVITE arrived
 * @param answeredAt    wall-clock time of 200 OK, or null
 * @param endedAt       wall-clock time the call was over
 * @param durationMs    answered duration (0 when never answered)
 * @param sip           SIP phase timings
 * @param agent         agent timings
 * @param inbound       caller → gateway RTP
 * @param outbound      gateway → caller RTP (loss and jitter from the carrier's RTCP, when it sent any)
 * @param dtmfDigits    digits received from the caller, in order
 * @param bargeIns      times the agent's queued audio was dropped for barge-in
 * @param finalStatus   the final SIP status of the INVITE (200, 487, 503, …)
 * @param endReason     why the call ended
 * @param endedBy       which side ended it
 * @param dtmfCount     key presses received
 * @param turns         conversational turn latencies
 * @param farEnd        what the carrier's RTCP said about our audio, or null when it sent no report
 * @param gateway       the gateway's own processing and pacing latencies
 * @param quality       E-model MOS estimate
 * @param attribution   the carrier, gateway and agent layers side by side with a verdict
 * @param outcome       how the call went, in one word
 * @param drops         media the gateway dropped, by direction and reason (only reasons that occurred)
 * @param mediaEncrypted whether the call's media was SRTP
 * @param srtpSuite     the SRTP crypto suite ({@code AES_CM_128_HMAC_SHA1_80}, …), or null for plain RTP
 * @param timeline      the moments of the conversation and the media second by second, for the call's page
 * @param transfer      the transfer to a human asked for during the call, or null when none was
 * @param direction     inbound (the carrier called the gateway) or outbound (the gateway dialled out)
 * @param trunkResponses for an outbound call, the trunk's responses to its INVITE with their times; empty inbound
 */
public record CallRecord(
        String callId,
        CallParties parties,
        String agentKind,
        String agentCallId,
        String codec,
        Integer offeredPtimeMs,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        long durationMs,
        SipTimings sip,
        AgentTimings agent,
        RtpStreamStats inbound,
        RtpStreamStats outbound,
        String dtmfDigits,
        int bargeIns,
        int finalStatus,
        EndReason endReason,
        EndedBy endedBy,
        int dtmfCount,
        TurnStats turns,
        FarEndStats farEnd,
        GatewayTimings gateway,
        Quality quality,
        Attribution attribution,
        CallOutcome outcome,
        DropTotals drops,
        boolean mediaEncrypted,
        String srtpSuite,
        CallTimeline timeline,
        TransferSummary transfer,
        CallDirection direction,
        List<TrunkResponse> trunkResponses) {

    /** Where the HTTP endpoint (metrics port) shows a call: its page, or its JSON, by content negotiation. */
    public static String urlOf(String callId) {
        return "/calls/" + callId;
    }

    public CallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(endReason, "endReason");
        sip = sip == null ? SipTimings.NONE : sip;
        agent = agent == null ? AgentTimings.NONE : agent;
        inbound = inbound == null ? RtpStreamStats.EMPTY : inbound;
        outbound = outbound == null ? RtpStreamStats.EMPTY : outbound;
        dtmfDigits = dtmfDigits == null ? "" : dtmfDigits;
        endedBy = endedBy == null ? endReason.side() : endedBy;
        turns = turns == null ? TurnStats.NONE : turns;
        gateway = gateway == null ? GatewayTimings.NONE : gateway;
        quality = quality == null ? Quality.of(inbound, farEnd, gateway) : quality;
        attribution = attribution == null
                ? Attribution.assess(sip, inbound, farEnd, gateway, agent, turns, AttributionThresholds.DEFAULTS)
                : attribution;
        if (outcome == null) {
            boolean bridged = transfer != null && transfer.bridgedLeg() != null
                    && transfer.bridgedLeg().relayedMs() != null; // handed over to a human, whoever hung up
            outcome = bridged ? CallOutcome.TRANSFERRED
                    : CallOutcome.of(answeredAt != null || finalStatus / 100 == 2, finalStatus, endReason);
        }
        drops = drops == null ? DropTotals.NONE : drops;
        timeline = timeline == null ? CallTimeline.NONE : timeline;
        direction = direction == null ? CallDirection.INBOUND : direction;
        trunkResponses = trunkResponses == null ? List.of() : List.copyOf(trunkResponses);
    }

    /** This call's path on the HTTP endpoint ({@link #urlOf}). */
    public String url() {
        return urlOf(callId);
    }

    public static Builder builder(String callId) {
        return new Builder(callId);
    }

    /** Collects a record's fields as the call goes; {@link #build()} may be called once the call is over. */
    public static final class Builder {
        private final String callId;
        private CallParties parties;
        private String agentKind;
        private String agentCallId;
        private String codec;
        private Integer offeredPtimeMs;
        private Instant startedAt;
        private Instant answeredAt;
        private Instant endedAt;
        private long durationMs;
        private SipTimings sip;
        private AgentTimings agent;
        private RtpStreamStats inbound;
        private RtpStreamStats outbound;
        private String dtmfDigits;
        private int bargeIns;
        private int finalStatus;
        private EndReason endReason;
        private TurnStats turns;
        private FarEndStats farEnd;
        private GatewayTimings gateway;
        private DropTotals drops;
        private String srtpSuite;
        private CallTimeline timeline;
        private TransferSummary transfer;
        private CallDirection direction = CallDirection.INBOUND;
        private List<TrunkResponse> trunkResponses = List.of();
        private AttributionThresholds thresholds = AttributionThresholds.DEFAULTS;

        private Builder(String callId) {
            this.callId = Objects.requireNonNull(callId, "callId");
        }

        public Builder parties(CallParties v) { parties = v; return this; }
        public Builder agentKind(String v) { agentKind = v; return this; }
        public Builder agentCallId(String v) { agentCallId = v; return this; }
        public Builder codec(String v) { codec = v; return this; }
        public Builder offeredPtimeMs(Integer v) { offeredPtimeMs = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder answeredAt(Instant v) { answeredAt = v; return this; }
        public Builder endedAt(Instant v) { endedAt = v; return this; }
        public Builder durationMs(long v) { durationMs = v; return this; }
        public Builder sip(SipTimings v) { sip = v; return this; }
        public Builder agent(AgentTimings v) { agent = v; return this; }
        public Builder inbound(RtpStreamStats v) { inbound = v; return this; }
        public Builder outbound(RtpStreamStats v) { outbound = v; return this; }
        public Builder dtmfDigits(String v) { dtmfDigits = v; return this; }
        public Builder bargeIns(int v) { bargeIns = v; return this; }
        public Builder finalStatus(int v) { finalStatus = v; return this; }
        public Builder endReason(EndReason v) { endReason = v; return this; }
        public Builder turns(TurnStats v) { turns = v; return this; }
        public Builder farEnd(FarEndStats v) { farEnd = v; return this; }
        public Builder gateway(GatewayTimings v) { gateway = v; return this; }
        public Builder drops(DropTotals v) { drops = v; return this; }
        /** The SRTP suite of encrypted media; null (the default) for plain RTP. */
        public Builder srtpSuite(String v) { srtpSuite = v; return this; }
        public Builder timeline(CallTimeline v) { timeline = v; return this; }
        /** The call's transfer to a human; null (the default) when none was asked for. */
        public Builder transfer(TransferSummary v) { transfer = v; return this; }
        public Builder direction(CallDirection v) { direction = v; return this; }
        public Builder trunkResponses(List<TrunkResponse> v) { trunkResponses = v; return this; }

        /** The thresholds the attribution verdict is judged against (default {@link AttributionThresholds#DEFAULTS}). */
        public Builder attributionThresholds(AttributionThresholds v) {
            thresholds = Objects.requireNonNull(v, "thresholds");
            return this;
        }

        public CallRecord build() {
            SipTimings s = sip == null ? SipTimings.NONE : sip;
            AgentTimings a = agent == null ? AgentTimings.NONE : agent;
            RtpStreamStats in = inbound == null ? RtpStreamStats.EMPTY : inbound;
            TurnStats t = turns == null ? TurnStats.NONE : turns;
            GatewayTimings g = gateway == null ? GatewayTimings.NONE : gateway;
            String digits = dtmfDigits == null ? "" : dtmfDigits;
            return new CallRecord(callId, parties, agentKind, agentCallId, codec, offeredPtimeMs, startedAt,
                    answeredAt, endedAt,
                    durationMs, s, a, in, outbound, digits, bargeIns, finalStatus, endReason, null,
                    digits.length(), t, farEnd, g, Quality.of(in, farEnd, g),
                    Attribution.assess(s, in, farEnd, g, a, t, thresholds), null, drops, srtpSuite != null,
                    srtpSuite, timeline, transfer, direction, trunkResponses);
        }
    }
}
