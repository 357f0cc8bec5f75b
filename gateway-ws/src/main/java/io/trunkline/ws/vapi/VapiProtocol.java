package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.ws.AgentProtocol;
import io.trunkline.ws.AgentProtocolException;
import io.trunkline.ws.AgentProtocolFactory;
import io.trunkline.ws.AgentWire;
import io.trunkline.ws.BorrowedBuffers;
import io.trunkline.ws.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vapi's WebSocket transport, on the socket of a call created by {@link VapiCallCreator}. Binary frames carry raw
 * audio in the call's format (PCM16LE at 16 kHz or μ-law at 8 kHz) both ways, with no header; Vapi's audio comes in
 * bursts of any size, which the media path re-frames and paces. Text frames carry JSON with a top-level
 * {@code type}:
 * <ul>
 * <li>from Vapi: {@code speech-update} with {@code role:"user"} and {@code status:"started"} is barge-in (there is
 *     no explicit clear message); {@code status-update} with {@code status:"ended"} and {@code end-of-call-report}
 *     end the call, with {@code endedReason} as the reason. The other documented types are ignored quietly;
 *     unknown types are counted and ignored; a message that is not a JSON object is a protocol error;</li>
 * <li>to Vapi: {@code {"type":"hangup"}} when the caller hangs up, and the configured DTMF template when the caller
 *     presses a key (the transport has no DTMF message).</li>
 * </ul>
 * There is no session-start message (the call was configured by the REST request) and there are no marks.
 */
public final class VapiProtocol implements AgentProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(VapiProtocol.class);
    private static final byte[] HANGUP = "{\"type\":\"hangup\"}".getBytes(StandardCharsets.US_ASCII);
    /** Vapi's other message types: useful to Vapi's own clients, nothing for the media path to do. */
    private static final Set<String> IGNORED = Set.of("transcript", "model-output", "conversation-update",
            "tool-calls", "tool-calls-result", "user-interrupted", "voice-input", "hang", "function-call",
            "transfer-update", "assistant.started");
    private static final int MAX_LOGGED_TYPE = 64;

    private final AudioFormat format;
    private final AgentSession session;
    private final AgentWire wire;
    private final AgentListener events;
    private final DtmfTemplate dtmfTemplate;
    private boolean ended;
    private long unknownMessages;
    private long dtmfSent;

    public VapiProtocol(VapiSettings settings, AgentSession session, AgentWire wire, AgentListener events) {
        this(settings.format(), new DtmfTemplate(settings.dtmfMessageTemplate()), session, wire, events);
    }

    private VapiProtocol(AudioFormat format, DtmfTemplate dtmfTemplate, AgentSession session, AgentWire wire,
            AgentListener events) {
        this.format = format;
        this.dtmfTemplate = dtmfTemplate;
        this.session = session;
        this.wire = wire;
        this.events = events;
    }

    /** A factory for connectors; the DTMF template is prepared once for all calls. */
    public static AgentProtocolFactory factory(VapiSettings settings) {
        AudioFormat format = settings.format();
        DtmfTemplate template = new DtmfTemplate(settings.dtmfMessageTemplate());
        return (session, wire, events) -> new VapiProtocol(format, template, session, wire, events);
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public boolean onOpen() {
        // The REST request configured the call; Vapi listens as soon as the socket is open.
        return true;
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        wire.sendBinary(BorrowedBuffers.copy(wire.alloc(), frame));
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        dtmfSent++;
        wire.sendText(dtmfTemplate.render(wire.alloc(), digit.digit()));
    }

    /** Vapi has no marks: nothing to confirm. */
    @Override
    public void markPlayed(String name) {
        // No-op by design.
    }

    @Override
    public void gatewayEnded() {
        wire.sendText(hangupMessage(wire.alloc()));
    }

    @Override
    public void onText(ByteBuf utf8) throws AgentProtocolException {
        JsonNode message = Json.parseObject(utf8);
        JsonNode type = message.get("type");
        if (type == null && message.path("message").isObject()) {
            // The webhook shape wraps each message in {"message": {...}}; accept it too.
            message = message.get("message");
            type = message.get("type");
        }
        if (type == null || !type.isTextual()) {
            unknown("(no type)");
            return;
        }
        String name = type.asText();
        switch (name) {
            case "speech-update" -> onSpeechUpdate(message);
            case "status-update" -> {
                if ("ended".equals(text(message, "status"))) {
                    hangup(message, "status-update ended");
                }
            }
            case "end-of-call-report" -> hangup(message, "end-of-call-report");
            default -> {
                if (!IGNORED.contains(name)) {
                    unknown(name);
                }
            }
        }
    }

    @Override
    public void onBinary(ByteBuf data) {
        if (data.isReadable()) {
            events.onAgentAudio(BorrowedBuffers.view(data));
        }
    }

    /** Text messages of types this protocol does not know, ignored. */
    public long unknownMessages() {
        return unknownMessages;
    }

    /** Key presses forwarded to Vapi as template messages. */
    public long dtmfSent() {
        return dtmfSent;
    }

    private void onSpeechUpdate(JsonNode message) {
        // The caller started speaking: Vapi stops its own speech, and what is queued here must go too.
        if ("user".equals(text(message, "role")) && "started".equals(text(message, "status"))) {
            events.onClear();
        }
    }

    private void hangup(JsonNode message, String fallback) {
        if (ended) {
            // status-update "ended" and end-of-call-report usually both arrive: report the end once.
            return;
        }
        ended = true;
        String reason = text(message, "endedReason");
        events.onAgentHangup(reason != null && !reason.isBlank() ? reason : fallback);
    }

    private void unknown(String type) {
        unknownMessages++;
        wire.countIgnored();
        if (LOG.isDebugEnabled()) {
            LOG.debug("call {}: ignored Vapi message of type {}", session.callId(),
                    (type.length() > MAX_LOGGED_TYPE ? type.substring(0, MAX_LOGGED_TYPE) + "…" : type)
                            .replaceAll("\\p{Cntrl}", "?"));
        }
    }

    private static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static ByteBuf hangupMessage(ByteBufAllocator alloc) {
        return alloc.buffer(HANGUP.length).writeBytes(HANGUP);
    }
}
