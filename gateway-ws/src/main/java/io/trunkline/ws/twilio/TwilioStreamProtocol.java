package io.trunkline.ws.twilio;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.AgentProtocol;
import io.trunkline.ws.AgentProtocolException;
import io.trunkline.ws.AgentProtocolFactory;
import io.trunkline.ws.AgentWire;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Twilio Media Streams wire format, with the gateway in Twilio's place, so that agents built for bidirectional
 * {@code <Connect><Stream>} sessions work unchanged. All frames are JSON text; audio is base64 μ-law at 8 kHz with
 * no transcoding, one 20 ms frame per {@code media} message.
 * <ul>
 * <li>gateway → agent: {@code connected} then {@code start} when the socket opens, {@code media} per caller frame,
 *     {@code dtmf} per key press, {@code mark} once the audio queued before an agent's mark was played, and
 *     {@code stop} when the caller hangs up. {@code sequenceNumber} counts every message after {@code connected}
 *     from 1, {@code chunk} counts media messages from 1, and {@code timestamp} is milliseconds since the stream
 *     started, all as strings, as Twilio sends them;</li>
 * <li>agent → gateway: {@code media} (audio of any length), {@code mark} and {@code clear}, each with this stream's
 *     {@code streamSid}. Anything else (another event, another stream's SID, invalid JSON, a binary frame) is a
 *     protocol error: the session ends, closed with 1007 (1003 for a binary frame).</li>
 * </ul>
 * The stream SID is generated per call; the call SID is the call's {@code X-Twilio-CallSid} when it has one (so an
 * agent can act on the real Twilio call), else generated; the account SID likewise, else the configured default.
 */
public final class TwilioStreamProtocol implements AgentProtocol {

    private final AgentWire wire;
    private final AgentListener events;
    private final String streamSid;
    private final String accountSid;
    private final String callSid;
    private final Map<String, String> customParameters;
    private final TwilioMessages messages;
    private final AgentMessageReader reader = new AgentMessageReader();
    private long lastSequence;
    private long lastChunk;
    private long startNanos;
    private long protocolErrors;

    public TwilioStreamProtocol(TwilioStreamSettings settings, AgentSession session, AgentWire wire,
            AgentListener events) {
        this.wire = Objects.requireNonNull(wire, "wire");
        this.events = Objects.requireNonNull(events, "events");
        CallParties parties = session.parties();
        this.streamSid = TwilioIds.random("MZ");
        this.callSid = present(parties.twilioCallSid()) ? parties.twilioCallSid() : TwilioIds.random("CA");
        this.accountSid = present(parties.twilioAccountSid()) ? parties.twilioAccountSid() : settings.accountSid();
        this.customParameters = merge(settings.customParameters(), parties.customHeaders());
        this.messages = new TwilioMessages(streamSid);
    }

    /** A factory for connectors. */
    public static AgentProtocolFactory factory(TwilioStreamSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return (session, wire, events) -> new TwilioStreamProtocol(settings, session, wire, events);
    }

    @Override
    public AudioFormat format() {
        return AudioFormat.PCMU_8K;
    }

    @Override
    public boolean onOpen() {
        startNanos = System.nanoTime();
        wire.sendText(TwilioMessages.connected(wire.alloc()));
        wire.sendText(messages.start(wire.alloc(), ++lastSequence, accountSid, callSid, customParameters));
        return true;
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

    @Override
    public void gatewayEnded() {
        wire.sendText(messages.stop(wire.alloc(), ++lastSequence, accountSid, callSid));
    }

    @Override
    public void onText(ByteBuf utf8) throws AgentProtocolException {
        try {
            reader.read(utf8);
        } catch (AgentProtocolException e) {
            protocolErrors++;
            throw e;
        }
        String event = reader.event();
        if (event == null) {
            throw error("message without an \"event\"");
        }
        if (!streamSid.equals(reader.streamSid())) {
            throw error(reader.streamSid() == null ? event + " without a streamSid"
                    : event + " for another stream (streamSid does not match)");
        }
        switch (event) {
            case "media" -> onMedia();
            case "mark" -> onMark();
            case "clear" -> events.onClear();
            default -> throw error("unknown event " + printable(event));
        }
    }

    @Override
    public void onBinary(ByteBuf data) throws AgentProtocolException {
        protocolErrors++;
        throw new AgentProtocolException(AgentProtocolException.UNSUPPORTED_DATA,
                "binary frame (the Twilio Media Streams format is JSON text only)", null);
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

    /** Messages from the agent that broke the format (each one ended the session). */
    public long protocolErrors() {
        return protocolErrors;
    }

    private void onMedia() throws AgentProtocolException {
        if (!reader.hasPayload()) {
            throw error("media without media.payload");
        }
        ByteBuffer audio = reader.payload();
        if (audio.hasRemaining()) {
            events.onAgentAudio(audio);
        }
    }

    private void onMark() throws AgentProtocolException {
        String name = reader.markName();
        if (name == null || name.isEmpty()) {
            throw error("mark without mark.name");
        }
        events.onMark(name);
    }

    private AgentProtocolException error(String message) {
        protocolErrors++;
        return new AgentProtocolException(message);
    }

    /** Configured parameters win over call headers of the same name: the operator decides what the agent sees. */
    private static Map<String, String> merge(Map<String, String> configured, Map<String, String> headers) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(configured);
        return Collections.unmodifiableMap(merged);
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
