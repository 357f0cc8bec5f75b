package io.trunkline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.CallOutcome;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Every meter of the gateway, in one place: name (Micrometer dot notation, base units: seconds, bytes), description
 * and tags. Tags come only from bounded sets: {@code direction} (in, out), {@code codec} (pcmu, pcma),
 * {@code agent} (the configured agent kinds), {@code outcome}, {@code reason} (end reasons, {@link DropReason}s),
 * {@code kind} (agent failure kinds), {@code status_class} (1xx..6xx), {@code phase}, {@code verdict},
 * {@code result}. Never a call id, a number, an address or an SSRC.
 *
 * <p>Timers publish Prometheus histograms with buckets between the expected minimum and maximum of each.
 * Meters are registered on first use and cached by the registry; the per-packet ones are resolved once per codec
 * by {@link MicrometerMediaObserver}.
 */
public final class GatewayMeters {

    // ---- calls
    public static final String CALLS_ACTIVE = "gateway.calls.active";
    public static final String CALLS = "gateway.calls";
    public static final String CALLS_REJECTED = "gateway.calls.rejected";
    public static final String CALL_DURATION = "gateway.call.duration";
    public static final String CALL_MOS = "gateway.call.mos";
    public static final String CALL_VERDICTS = "gateway.call.verdicts";
    public static final String TRANSFERS = "gateway.transfers";
    /** The outcomes a transfer ends with, the {@code outcome} tag of {@link #TRANSFERS}. */
    public static final List<String> TRANSFER_OUTCOMES = List.of("transferred", "refused", "failed", "timeout",
            "abandoned");
    // ---- event loops
    public static final String LOOP_LAG = "gateway.loop.lag";
    // ---- SIP
    public static final String SIP_INVITE_TRYING = "gateway.sip.invite.trying";
    public static final String SIP_INVITE_ANSWER = "gateway.sip.invite.answer";
    public static final String SIP_ANSWER_ACK = "gateway.sip.answer.ack";
    public static final String SIP_RESPONSES = "gateway.sip.responses";
    public static final String SIP_REFUSED = "gateway.sip.refused";
    // ---- agent
    public static final String AGENT_CONNECT = "gateway.agent.connect";
    public static final String AGENT_FIRST_SPEECH = "gateway.agent.first.speech";
    public static final String AGENT_TURN_LATENCY = "gateway.agent.turn.latency";
    public static final String AGENT_BARGE_INS = "gateway.agent.barge.ins";
    public static final String AGENT_ERRORS = "gateway.agent.errors";
    public static final String AGENT_MESSAGES_IGNORED = "gateway.agent.messages.ignored";
    // ---- media
    public static final String RTP_PACKETS = "gateway.rtp.packets";
    public static final String RTP_BYTES = "gateway.rtp.bytes";
    public static final String RTP_LOST = "gateway.rtp.lost";
    public static final String RTP_OUT_OF_ORDER = "gateway.rtp.out.of.order";
    public static final String RTP_DUPLICATES = "gateway.rtp.duplicates";
    public static final String MEDIA_DROPPED = "gateway.media.dropped";
    public static final String RTP_JITTER = "gateway.rtp.jitter";
    public static final String RTP_PORTS_IN_USE = "gateway.rtp.ports.in.use";
    public static final String RTP_PORTS_CAPACITY = "gateway.rtp.ports.capacity";
    public static final String MEDIA_PROCESSING = "gateway.media.processing";
    public static final String MEDIA_PACING_WAIT = "gateway.media.pacing.wait";
    public static final String MEDIA_PACING_ERROR = "gateway.media.pacing.error";
    public static final String DTMF_EVENTS = "gateway.dtmf.events";
    public static final String MEDIA_PACING_LATE_TICKS = "gateway.media.pacing.late.ticks";
    public static final String RTP_CHANNEL_ERRORS = "gateway.rtp.channel.errors";
    // ---- RTCP
    public static final String RTCP_REPORTS = "gateway.rtcp.reports";
    public static final String RTCP_RTT = "gateway.rtcp.rtt";
    public static final String RTCP_FRACTION_LOST = "gateway.rtcp.fraction.lost";
    // ---- records
    public static final String RECORDS_WRITTEN = "gateway.records.written";
    public static final String RECORDS_DROPPED = "gateway.records.dropped";
    public static final String RECORDS_WEBHOOK = "gateway.records.webhook";
    // ---- TwiML agents
    public static final String TWIML_REQUESTS = "gateway.twiml.requests";
    public static final String TWIML_STATUS_CALLBACKS = "gateway.twiml.status.callbacks";

    public static final String API_REQUESTS = "gateway.api.requests";

    private static final double[] MOS_BUCKETS = {1.5, 2.0, 2.5, 3.0, 3.5, 3.8, 4.0, 4.2, 4.4, 4.5};
    private static final double[] FRACTION_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};

    private final MeterRegistry registry;

    public GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Registers, at zero, every counter and timer whose tags are known up front, so that dashboards and alerts see
     * the series (and {@code rate()} counts from zero) before the first event of each kind.
     */
    public void registerBaseline(Collection<String> agentKinds) {
        for (EndReason reason : EndReason.values()) {
            if (reason.name().startsWith("REJECTED_") || reason == EndReason.INTERNAL_ERROR) {
                callsRejected(reason);
            }
        }
        for (String agent : agentKinds) {
            for (CallOutcome outcome : CallOutcome.values()) {
                for (CallDirection direction : CallDirection.values()) {
                    calls(outcome, agent, direction);
                }
            }
            for (AgentFailure.Kind kind : AgentFailure.Kind.values()) {
                agentErrors(agent, kind);
            }
            agentBargeIns(agent);
            agentConnect(agent, "total");
            agentFirstSpeech(agent);
            agentTurnLatency(agent);
            callDuration(agent);
            callMos(agent);
        }
        for (String statusClass : List.of("1xx", "2xx", "3xx", "4xx", "5xx", "6xx")) {
            sipResponses(statusClass);
        }
        sipInviteTrying();
        sipInviteAnswer();
        sipAnswerAck();
        for (String verdict : List.of("carrier", "gateway", "agent", "none")) {
            callVerdicts(verdict);
        }
        for (String mode : List.of("refer", "bridge")) {
            for (String outcome : TRANSFER_OUTCOMES) {
                transfers(mode, outcome);
            }
        }
        for (DropReason reason : DropReason.values()) {
            mediaDropped(reason);
        }
        recordsWritten();
        recordsDropped("queue");
        recordsDropped("error");
        for (String result : List.of("delivered", "retried", "failed", "dropped")) {
            recordsWebhook(result);
        }
    }

    // ---- gauges ------------------------------------------------------------------------------------------------

    /** Calls admitted and not yet over, read from {@code active} at each scrape. */
    public void bindActiveCalls(IntSupplier active) {
        Gauge.builder(CALLS_ACTIVE, active::getAsInt).description("Calls admitted and not yet over")
                .register(registry);
    }

    /** RTP port pairs in use and configured, read from the media engine at each scrape. */
    public void bindPorts(MediaLegFactory media) {
        Gauge.builder(RTP_PORTS_IN_USE, media::portPairsInUse)
                .description("RTP/RTCP port pairs held by calls").register(registry);
        Gauge.builder(RTP_PORTS_CAPACITY, media::portPairsTotal)
                .description("RTP/RTCP port pairs in the configured range").register(registry);
    }

    /**
     * How late the worst event loop runs its tasks (averaged over about a second, in seconds), read from {@code lagNanos} at each
     * scrape; new calls are refused while it is above {@code calls.max-loop-lag}.
     */
    public void bindLoopLag(LongUnaryOperator lagNanos) {
        Gauge.builder(LOOP_LAG, () -> lagNanos.applyAsLong(System.nanoTime()) / 1e9).baseUnit("seconds")
                .description("How late the worst I/O event loop runs scheduled tasks, averaged over about a second")
                .register(registry);
    }

    // ---- calls -------------------------------------------------------------------------------------------------

    /** Inbound calls that ended with {@code outcome}. */
    public Counter calls(CallOutcome outcome, String agent) {
        return calls(outcome, agent, CallDirection.INBOUND);
    }

    public Counter calls(CallOutcome outcome, String agent, CallDirection direction) {
        return Counter.builder(CALLS)
                .description("Calls that ended, by outcome and direction, rejected and failed ones included")
                .tags("outcome", outcome.tag(), "agent", agent, "direction", direction.tag()).register(registry);
    }

    /**
     * Call-control API requests by {@code action} ({@code list}, {@code read}, {@code place}, {@code hangup},
     * {@code dtmf}, {@code transfer}, {@code other}) and the status answered (the API's fixed set of codes).
     */
    public Counter apiRequests(String action, int status) {
        return Counter.builder(API_REQUESTS).description("Call-control API requests, by action and status answered")
                .tags("action", action, "status", String.valueOf(status)).register(registry);
    }

    public Counter callsRejected(EndReason reason) {
        return Counter.builder(CALLS_REJECTED).description("INVITEs refused before any work, by reason")
                .tag("reason", tag(reason)).register(registry);
    }

    public Timer callDuration(String agent) {
        return timer(CALL_DURATION, "Duration of answered calls, 200 OK to teardown", Duration.ofSeconds(1),
                Duration.ofHours(4)).tag("agent", agent).register(registry);
    }

    public DistributionSummary callMos(String agent) {
        return DistributionSummary.builder(CALL_MOS)
                .description("E-model (ITU-T G.107, simplified) MOS estimate per call with media, worse direction")
                .serviceLevelObjectives(MOS_BUCKETS).tag("agent", agent).register(registry);
    }

    public Counter callVerdicts(String verdict) {
        return Counter.builder(CALL_VERDICTS)
                .description("Calls by the layer their attribution named slowest (none: no threshold crossed)")
                .tag("verdict", verdict).register(registry);
    }

    public Counter transfers(String mode, String outcome) {
        return Counter.builder(TRANSFERS)
                .description("Transfers of callers to a human that ended, by mode (refer, bridge) and outcome")
                .tags("mode", mode, "outcome", outcome).register(registry);
    }

    // ---- SIP ---------------------------------------------------------------------------------------------------

    public Timer sipInviteTrying() {
        return timer(SIP_INVITE_TRYING, "INVITE received to 100 Trying sent", Duration.ofNanos(100_000),
                Duration.ofSeconds(2)).register(registry);
    }

    public Timer sipInviteAnswer() {
        return timer(SIP_INVITE_ANSWER, "INVITE received to 200 OK sent (set-up time, includes agent connect)",
                Duration.ofMillis(1), Duration.ofSeconds(30)).register(registry);
    }

    public Timer sipAnswerAck() {
        return timer(SIP_ANSWER_ACK, "200 OK sent to ACK received", Duration.ofMillis(1), Duration.ofSeconds(32))
                .register(registry);
    }

    public Counter sipResponses(String statusClass) {
        return Counter.builder(SIP_RESPONSES)
                .description("Responses the gateway sent to INVITEs (100, 180 and the final one), by status class")
                .tag("status_class", statusClass).register(registry);
    }

    /**
     * {@code reason}: source-denied, rate-limited, auth-challenged, auth-failed, auth-stale; {@code action}:
     * answered (401/403/503 sent) or dropped.
     */
    public Counter sipRefused(String reason, String action) {
        return Counter.builder(SIP_REFUSED)
                .description("SIP requests refused by access control before call handling, by reason and action")
                .tags("reason", reason, "action", action).register(registry);
    }

    // ---- agent -------------------------------------------------------------------------------------------------

    /** {@code phase}: total, rest (platform call creation) or websocket (connect and handshake). */
    public Timer agentConnect(String agent, String phase) {
        return timer(AGENT_CONNECT, "Agent connection set-up, start to ready", Duration.ofMillis(1),
                Duration.ofSeconds(30)).tags("agent", agent, "phase", phase).register(registry);
    }

    public Timer agentFirstSpeech(String agent) {
        return timer(AGENT_FIRST_SPEECH, "Answer to the agent's first voiced audio, as played to the caller",
                Duration.ofMillis(10), Duration.ofSeconds(30)).tag("agent", agent).register(registry);
    }

    public Timer agentTurnLatency(String agent) {
        return timer(AGENT_TURN_LATENCY, "Caller stops speaking to agent starts speaking, per turn",
                Duration.ofMillis(10), Duration.ofSeconds(30)).tag("agent", agent).register(registry);
    }

    public Counter agentBargeIns(String agent) {
        return Counter.builder(AGENT_BARGE_INS).description("Agent audio dropped because the caller spoke over it")
                .tag("agent", agent).register(registry);
    }

    public Counter agentErrors(String agent, AgentFailure.Kind kind) {
        return Counter.builder(AGENT_ERRORS).description("Agent connection failures and disconnects, by kind")
                .tags("agent", agent, "kind", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .register(registry);
    }

    /**
     * Agent messages that the agent's protocol ignored and the call survived (Twilio Media Streams format: unknown
     * events, invalid JSON, binary frames…), by {@code reason}, a bounded set defined by the protocol.
     */
    public Counter agentMessagesIgnored(String agent, String reason) {
        return Counter.builder(AGENT_MESSAGES_IGNORED)
                .description("Agent messages ignored by the protocol (the call goes on), by reason")
                .tags("agent", agent, "reason", reason).register(registry);
    }

    // ---- media -------------------------------------------------------------------------------------------------

    public Counter rtpPackets(String direction, AudioFormat codec) {
        return Counter.builder(RTP_PACKETS).description("RTP packets received from and sent to the carrier")
                .tags(media(direction, codec)).register(registry);
    }

    public Counter rtpBytes(String direction, AudioFormat codec) {
        return Counter.builder(RTP_BYTES).description("RTP payload bytes received from and sent to the carrier")
                .baseUnit("bytes").tags(media(direction, codec)).register(registry);
    }

    /** {@code in}: measured here; {@code out}: as the carrier's RTCP reports. */
    public Counter rtpLost(String direction, AudioFormat codec) {
        return Counter.builder(RTP_LOST)
                .description("RTP packets lost: inbound as measured here, outbound as the carrier reports in RTCP")
                .tags(media(direction, codec)).register(registry);
    }

    public Counter rtpOutOfOrder(AudioFormat codec) {
        return Counter.builder(RTP_OUT_OF_ORDER).description("Inbound RTP packets that arrived after a later one")
                .tag("codec", codec(codec)).register(registry);
    }

    public Counter rtpDuplicates(AudioFormat codec) {
        return Counter.builder(RTP_DUPLICATES).description("Inbound RTP packets whose sequence number repeated")
                .tag("codec", codec(codec)).register(registry);
    }

    /**
     * {@code direction}: in (caller toward agent) or out (agent toward caller); {@code reason}: a
     * {@link DropReason#tag()}. Counted in datagrams (RTP, RTCP), 20 ms frames (audio) or messages (control).
     */
    public Counter mediaDropped(DropReason reason) {
        return Counter.builder(MEDIA_DROPPED)
                .description("Media dropped or refused, by direction and reason: datagrams, 20 ms audio frames or "
                        + "control messages")
                .tags("direction", reason.direction().tag(), "reason", reason.tag()).register(registry);
    }

    /** {@code in}: RFC 3550 estimate sampled every RTCP interval; {@code out}: as the carrier reports it. */
    public Timer rtpJitter(String direction, AudioFormat codec) {
        return timer(RTP_JITTER, "RTP interarrival jitter (inbound sampled every report, outbound from RTCP)",
                Duration.ofNanos(100_000), Duration.ofSeconds(1)).tags(media(direction, codec)).register(registry);
    }

    /** {@code in}: packet read to frame handed to the agent; {@code out}: agent audio in to packet written. */
    public Timer mediaProcessing(String direction, AudioFormat codec) {
        return timer(MEDIA_PROCESSING,
                "Gateway processing latency: packet in to frame out, or agent audio in to packet out (no pacing wait)",
                Duration.ofNanos(1_000), Duration.ofMillis(200)).tags(media(direction, codec)).register(registry);
    }

    public Timer mediaPacingWait(AudioFormat codec) {
        return timer(MEDIA_PACING_WAIT, "Time agent audio waited in the playout queue for its 20 ms slot",
                Duration.ofNanos(100_000), Duration.ofSeconds(60)).tag("codec", codec(codec)).register(registry);
    }

    public Timer mediaPacingError(AudioFormat codec) {
        return timer(MEDIA_PACING_ERROR, "Deviation of each outbound packet interval from 20 ms",
                Duration.ofNanos(1_000), Duration.ofMillis(500)).tag("codec", codec(codec)).register(registry);
    }

    public Counter mediaPacingLateTicks(AudioFormat codec) {
        return Counter.builder(MEDIA_PACING_LATE_TICKS)
                .description("Pacer wake-ups that found more than one packet due (the event loop ran late)")
                .tag("codec", codec(codec)).register(registry);
    }

    public Counter rtpChannelErrors(AudioFormat codec) {
        return Counter.builder(RTP_CHANNEL_ERRORS)
                .description("Errors on RTP and RTCP channels (failed writes, read errors); the channel stays open")
                .tag("codec", codec(codec)).register(registry);
    }

    public Counter dtmfEvents(AudioFormat codec) {
        return Counter.builder(DTMF_EVENTS).description("Key presses received (RFC 4733 telephone events)")
                .tag("codec", codec(codec)).register(registry);
    }

    // ---- RTCP --------------------------------------------------------------------------------------------------

    /** {@code out}: compound reports we sent; {@code in}: report blocks about our stream we received. */
    public Counter rtcpReports(String direction, AudioFormat codec) {
        return Counter.builder(RTCP_REPORTS).description("RTCP reports sent, and carrier report blocks about us")
                .tags(media(direction, codec)).register(registry);
    }

    public Timer rtcpRtt(AudioFormat codec) {
        return timer(RTCP_RTT, "Round-trip time to the carrier from its RTCP reports", Duration.ofMillis(1),
                Duration.ofSeconds(5)).tag("codec", codec(codec)).register(registry);
    }

    public DistributionSummary rtcpFractionLost(AudioFormat codec) {
        return DistributionSummary.builder(RTCP_FRACTION_LOST)
                .description("Fraction of our packets the carrier lost per report interval, 0..1")
                .serviceLevelObjectives(FRACTION_BUCKETS).tag("codec", codec(codec)).register(registry);
    }

    // ---- records -----------------------------------------------------------------------------------------------

    public Counter recordsWritten() {
        return Counter.builder(RECORDS_WRITTEN).description("Call records written to the record file and log")
                .register(registry);
    }

    /** {@code reason}: queue (the writer fell behind) or error (the file could not be written). */
    public Counter recordsDropped(String reason) {
        return Counter.builder(RECORDS_DROPPED).description("Call records that could not be written")
                .tag("reason", reason).register(registry);
    }

    /** {@code result}: delivered, retried, failed (gave up), dropped (queue full or shutting down). */
    public Counter recordsWebhook(String result) {
        return Counter.builder(RECORDS_WEBHOOK).description("Call record webhook deliveries, by result")
                .tag("result", result).register(registry);
    }

    /**
     * Requests for TwiML by {@code kind} (voice, fallback, redirect) and {@code outcome} (ok, timeout, http-error,
     * malformed, refused-address).
     */
    public Counter twimlRequests(String kind, String outcome) {
        return Counter.builder(TWIML_REQUESTS).description("Requests of TwiML agents for TwiML, by URL and outcome")
                .tags("kind", kind, "outcome", outcome).register(registry);
    }

    /** Status callback attempts by {@code outcome} (delivered, retried, failed, refused-address). */
    public Counter twimlStatusCallbacks(String outcome) {
        return Counter.builder(TWIML_STATUS_CALLBACKS).description("Status callback attempts of TwiML agents, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Timer.Builder timer(String name, String description, Duration min, Duration max) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(min).maximumExpectedValue(max);
    }

    private static Tags media(String direction, AudioFormat codec) {
        return Tags.of("direction", direction, "codec", codec(codec));
    }

    /** pcmu or pcma. */
    public static String codec(AudioFormat codec) {
        return codec == AudioFormat.PCMA_8K ? "pcma" : "pcmu";
    }

    /** An end reason as a tag: lower case with dashes. */
    public static String tag(EndReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
