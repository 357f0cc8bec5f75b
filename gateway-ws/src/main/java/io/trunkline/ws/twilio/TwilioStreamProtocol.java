package io.trunkline.ws.twilio;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.protocol.AgentProtocol;
import io.trunkline.ws.protocol.CallParameters;
import io.trunkline.ws.protocol.Wire;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twilio Media Streams wire format, with the gateway in Twilio's place, so that agents built for bidirectional
 * {@code <Connect><Stream>} sessions work unchanged. All frames are JSON text; audio is base64 μ-law at 8 kHz with
 * no transcoding, one 20 ms frame per {@code media} message.
 * <ul>
 * <li>gateway → agent: {@code connected} then {@code start} when the socket opens, {@code media} per caller frame,
 *     {@code dtmf} per key press, {@code mark} once the audio queued before an agent's mark was played, and
 *     {@code stop} whenever the gateway ends the call (caller hang-up, RTP inactivity, maximum duration, shutdown…).
 *     {@code sequenceNumber} counts every message after {@code connected} from 1, {@code chunk} counts media
 *     messages from 1, and {@code timestamp} is milliseconds since the stream started, all as strings, as Twilio
 *     sends them;</li>
 * <li>agent → gateway: {@code media} (audio of any length), {@code mark} and {@code clear}, each with this stream's
 *     {@code streamSid}. Anything else (another event, no event, another stream's SID, a missing field, invalid
 *     JSON, a binary frame) is ignored as Twilio ignores it (its warnings 31950 and 31951): counted by
 *     {@link IgnoredMessage reason}, logged once per stream, and the call goes on. Only a message over the size
 *     limit ends the session (the transport closes it with 1009).</li>
 * </ul>
 * The stream SID is generated per call; the call SID is the call's {@code X-Twilio-CallSid} when it has one (so an
 * agent can act on the real Twilio call), else generated; the account SID likewise, else the configured default.
 */
public final class TwilioStreamProtocol implements AgentProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioStreamProtocol.class);
    /** Once per stream, and no more than this across all streams, so that a fleet of broken agents cannot flood. */
    private static final LogLimiter LOG_LIMITER = new LogLimiter(10_000, 50);
    private static final IgnoredMessage[] REASONS = IgnoredMessage.values();

    private final Wire wire;
    private final AgentEvents events;
    private final IgnoredMessageObserver observer;
    private final String callId;
    private final String streamSid;
    private final String accountSid;
    private final String callSid;
    private final Map<String, String> customParameters;
    private final TwilioMessages messages;
    private final StreamMessageReader reader = new StreamMessageReader();
    private final long[] ignored = new long[REASONS.length];
    private long lastSequence;
    private long lastChunk;
    private long startNanos;
    private boolean ignoredLogged;

    public TwilioStreamProtocol(TwilioStreamSettings settings, AgentSession session, Wire wire,
            AgentEvents events) {
        this(new CallParameters(settings.customParameters()), settings, session, wire, events,
                IgnoredMessageObserver.NONE);
    }

    private TwilioStreamProtocol(CallParameters parameters, TwilioStreamSettings settings, AgentSession session,
            Wire wire, AgentEvents events, IgnoredMessageObserver observer) {
        this.wire = Objects.requireNonNull(wire, "wire");
        this.events = Objects.requireNonNull(events, "events");
        this.observer = Objects.requireNonNull(observer, "observer");
        CallParties parties = session.parties();
        this.callId = session.callId();
        this.streamSid = TwilioIds.random("MZ");
        this.callSid = present(parties.twilioCallSid()) ? parties.twilioCallSid() : TwilioIds.random("CA");
        this.accountSid = present(parties.twilioAccountSid()) ? parties.twilioAccountSid() : settings.accountSid();
        this.customParameters = parameters.render(session, callSid, accountSid);
        this.messages = new TwilioMessages(streamSid);
    }

    /** A factory for connectors; ignored agent messages are not observed beyond the leg's own count. */
    public static AgentProtocol.Factory factory(TwilioStreamSettings settings) {
        return factory(settings, IgnoredMessageObserver.NONE);
    }

    /** A factory for connectors that tells {@code observer} of every ignored agent message (for metrics). */
    public static AgentProtocol.Factory factory(TwilioStreamSettings settings, IgnoredMessageObserver observer) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(observer, "observer");
        CallParameters parameters = new CallParameters(settings.customParameters());
        return (session, wire, events) -> new TwilioStreamProtocol(parameters, settings, session, wire, events,
                observer);
    }

    @Override
    public AudioFormat format() {
        return AudioFormat.PCMU_8K;
    }

    @Override
    public void onOpen() {
        startNanos = System.nanoTime();
        wire.sendText(TwilioMessages.connected(wire.alloc()));
        wire.sendText(messages.start(wire.alloc(), ++lastSequence, accountSid, callSid, customParameters));
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        wire.sendText(messages.media(wire.alloc(), ++lastSequence, ++lastChunk, millis, frame));
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        wire.sendText(messages.dtmf(wire.alloc(), ++lastSequence, digit.digit()));
    }

    @Override
    public void markPlayed(String name) {
        wire.sendText(messages.mark(wire.alloc(), ++lastSequence, name));
    }

    /** Whatever the reason the gateway ends the call, the agent gets {@code stop}, as Twilio sends it. */
    @Override
    public void gatewayEnded() {
        wire.sendText(messages.stop(wire.alloc(), ++lastSequence, accountSid, callSid));
    }

    @Override
    public void onText(ByteBuf utf8) {
        if (!reader.read(utf8)) {
            ignore(IgnoredMessage.INVALID_JSON, reader.problem());
            return;
        }
        if (reader.truncated()) {
            ignore(IgnoredMessage.INVALID_FIELD, reader.mediaProblem());
            return;
        }
        String event = reader.event();
        if (event == null) {
            if (reader.eventPresent()) {
                ignore(IgnoredMessage.INVALID_FIELD, "\"event\" is not a string");
            } else {
                ignore(IgnoredMessage.NO_EVENT, "message without \"event\"");
            }
            return;
        }
        boolean known = event.equals("media") || event.equals("mark") || event.equals("clear");
        if (!known) {
            ignore(IgnoredMessage.UNKNOWN_EVENT, "unknown event " + printable(event));
        } else if (!streamSid.equals(reader.streamSid())) {
            ignore(IgnoredMessage.WRONG_STREAM, reader.streamSid() == null ? event + " without a streamSid"
                    : event + " for another stream (streamSid does not match)");
        } else {
            switch (event) {
                case "media" -> onMedia();
                case "mark" -> onMark();
                default -> events.clear();
            }
        }
    }

    @Override
    public void onBinary(ByteBuf data) {
        ignore(IgnoredMessage.BINARY, "binary frame (the format is JSON text only)");
    }

    /** The stream SID of this call ({@code MZ} and 32 hex digits). */
    public String streamSid() {
        return streamSid;
    }

    /** The stream SID is the agent's handle on the call: it goes into the call record. */
    @Override
    public String agentCallId() {
        return streamSid;
    }

    /** The call SID told to the agent. */
    public String callSid() {
        return callSid;
    }

    /** The {@code customParameters} told to the agent. */
    public Map<String, String> customParameters() {
        return customParameters;
    }

    /** Agent messages of this stream ignored for {@code reason}. */
    public long ignored(IgnoredMessage reason) {
        return ignored[reason.ordinal()];
    }

    /** Agent messages of this stream ignored, for any reason. */
    public long ignoredMessages() {
        long total = 0;
        for (long n : ignored) {
            total += n;
        }
        return total;
    }

    private void onMedia() {
        if (!reader.hasPayload()) {
            ignore(IgnoredMessage.INVALID_FIELD, reader.mediaProblem() != null ? reader.mediaProblem()
                    : "media without media.payload");
            return;
        }
        ByteBuffer audio = reader.payload();
        if (audio.hasRemaining()) {
            events.audio(audio);
        }
    }

    private void onMark() {
        String name = reader.markName();
        if (name == null || name.isEmpty()) {
            ignore(IgnoredMessage.INVALID_FIELD, reader.markProblem() != null ? reader.markProblem()
                    : "mark without mark.name");
            return;
        }
        events.mark(name);
    }

    /** Counts the message and, for the first one of the stream, logs why. */
    private void ignore(IgnoredMessage reason, String detail) {
        ignored[reason.ordinal()]++;
        wire.countIgnored();
        observer.ignored(reason);
        if (ignoredLogged) {
            return;
        }
        ignoredLogged = true;
        long dropped = LOG_LIMITER.tryAcquire();
        if (dropped >= 0) {
            LOG.warn("call {}: ignored a message from the agent ({}: {}), as Twilio does; later ones on this stream "
                    + "are counted, not logged{}", callId, reason.tag(), detail, LogLimiter.dropped(dropped));
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** An agent-chosen name, made safe for a log line. */
    private static String printable(String s) {
        String shortened = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return "\"" + shortened.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
