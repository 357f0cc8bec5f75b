package io.trunkline.ws.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.ws.protocol.AgentProtocol;
import io.trunkline.ws.protocol.BorrowedBuffers;
import io.trunkline.ws.protocol.Json;
import io.trunkline.ws.protocol.ProtocolException;
import io.trunkline.ws.protocol.Wire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vapi's WebSocket transport, on the socket of a call created by {@link VapiCallCreator}. Binary frames carry raw
 * audio in the call's format (PCM16LE at 16 kHz or μ-law at 8 kHz) both ways, with no header; Vapi's audio comes in
 * bursts of any size, which the media path re-frames and paces. Text frames carry JSON with a top-level
 * {@code type} (Vapi's {@code ClientMessage}s):
 * <ul>
 * <li>from Vapi: {@code user-interrupted} ("the user interrupted the assistant") is barge-in: the playout queue is
 *     emptied. A user {@code speech-update} is not: Vapi's stop-speaking plan decides what interrupts (backchannel
 *     words such as "okay" do not), so speech updates only time the turns ({@link SpeechTurns}).
 *     {@code status-update} with {@code status:"ended"} ends the call, with {@code endedReason} as the reason.
 *     {@code transfer-update} (and {@code phone-call-control} with {@code request: forward}, should it come on
 *     the socket) asks the gateway to transfer the caller to its {@code destination}; {@code phone-call-control}
 *     with {@code hang-up} ends the call. The other documented types are ignored quietly; unknown types are
 *     counted and ignored; a message that is not a JSON object is a protocol error;</li>
 * <li>to Vapi: the configured end-call message ({@code {"type":"end-call"}} by default) whenever the gateway ends
 *     the call (the transport then closes with 1000), and the configured DTMF template when the caller presses a
 *     key (the transport has no DTMF message), and an {@code add-message} (a system message the assistant answers)
 *     when a transfer failed and the caller is still on the line.</li>
 * </ul>
 * There is no session-start message (the call was configured by the REST request) and there are no marks.
 */
public final class VapiProtocol implements AgentProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(VapiProtocol.class);
    /**
     * Vapi's other message types (its {@code ClientMessage} schema and the {@code clientMessages} an assistant may
     * subscribe to), plus {@code end-of-call-report}, a server (webhook) message that is not expected here: useful to
     * Vapi's own clients, nothing for the media path to do.
     */
    private static final Set<String> IGNORED = Set.of("transcript", "model-output", "conversation-update",
            "tool-calls", "tool-calls-result", "tool.completed", "voice-input", "hang", "function-call",
            "function-call-result", "assistant.started", "assistant.speechStarted", "metadata",
            "language-changed", "language-change-detected", "workflow.node.started", "end-of-call-report",
            "chat.created", "chat.deleted", "session.created", "session.updated", "session.deleted", "call.deleted",
            "call.delete.failed");
    private static final int MAX_LOGGED_TYPE = 64;

    private final AudioFormat format;
    private final AgentSession session;
    private final Wire wire;
    private final AgentEvents events;
    private final DtmfTemplate dtmfTemplate;
    private final byte[] endCallMessage;
    private final SpeechTurns turns = new SpeechTurns();
    private boolean ended;
    private long unknownMessages;
    private long dtmfSent;
    private long interruptions;
    private long transfers;

    public VapiProtocol(VapiSettings settings, AgentSession session, Wire wire, AgentEvents events) {
        this(settings.format(), new DtmfTemplate(settings.dtmfMessageTemplate()), endCallBytes(settings), session,
                wire, events);
    }

    private VapiProtocol(AudioFormat format, DtmfTemplate dtmfTemplate, byte[] endCallMessage, AgentSession session,
            Wire wire, AgentEvents events) {
        this.format = format;
        this.dtmfTemplate = dtmfTemplate;
        this.endCallMessage = endCallMessage;
        this.session = session;
        this.wire = wire;
        this.events = events;
    }

    /** A factory for connectors; the DTMF template is prepared once for all calls. */
    public static AgentProtocol.Factory factory(VapiSettings settings) {
        AudioFormat format = settings.format();
        DtmfTemplate template = new DtmfTemplate(settings.dtmfMessageTemplate());
        byte[] endCall = endCallBytes(settings);
        return (session, wire, events) -> new VapiProtocol(format, template, endCall, session, wire, events);
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void onOpen() {
        // The REST request configured the call; Vapi listens as soon as the socket is open.
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

    /** The gateway ends the call (caller BYE or CANCEL, maximum duration, RTP inactivity, drain, shutdown). */
    @Override
    public void gatewayEnded() {
        if (!ended) {
            ended = true;
            wire.sendText(wire.alloc().buffer(endCallMessage.length).writeBytes(endCallMessage));
        }
    }

    /** Tells the assistant, as a system message it answers, that the caller is still on the line. */
    @Override
    public void transferFailed(String destination, String reason) {
        wire.sendText(Json.write(wire.alloc(), g -> {
            g.writeStartObject();
            g.writeStringField("type", "add-message");
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "system");
            g.writeStringField("content", "The transfer to " + destination + " failed (" + reason
                    + "). The caller is still on the line with you: tell them, and offer to help another way.");
            g.writeEndObject();
            g.writeBooleanField("triggerResponseEnabled", true);
            g.writeEndObject();
        }));
    }

    @Override
    public void onText(ByteBuf utf8) throws ProtocolException {
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
            case "user-interrupted" -> onUserInterrupted();
            case "speech-update" -> onSpeechUpdate(message);
            case "transfer-update" -> onTransfer(message, "transfer-update");
            case "phone-call-control" -> {
                String request = text(message, "request");
                if ("forward".equals(request)) {
                    onTransfer(message, "phone-call-control");
                } else if ("hang-up".equals(request)) {
                    hangup(message, "phone-call-control hang-up");
                } else {
                    unknown("phone-call-control " + request);
                }
            }
            case "status-update" -> {
                if ("ended".equals(text(message, "status"))) {
                    hangup(message, "status-update ended");
                }
            }
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
            events.audio(BorrowedBuffers.view(data));
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

    /** {@code user-interrupted} messages, each of which emptied the playout queue. */
    public long interruptions() {
        return interruptions;
    }

    /** Turns timed from Vapi's speech updates (user stopped, then the assistant started). */
    public int speechTurns() {
        return turns.turns();
    }

    /** Vapi stopped the assistant because the user spoke over it: what is queued here must go too. */
    private void onUserInterrupted() {
        interruptions++;
        events.clear();
    }

    private void onSpeechUpdate(JsonNode message) {
        String role = text(message, "role");
        String status = text(message, "status");
        int before = turns.turns();
        turns.onSpeechUpdate(role, status, System.nanoTime());
        if (turns.turns() > before && LOG.isDebugEnabled()) {
            LOG.debug("call {}: Vapi turn {}: assistant started {} ms after the user stopped", session.callId(),
                    turns.turns(), turns.lastTurnNanos() / 1_000_000);
        }
    }

    /** Vapi decided to transfer the caller: the gateway carries it out (Vapi does not own the phone call). */
    private void onTransfer(JsonNode message, String type) {
        String destination = VapiDestination.of(message.get("destination"));
        if (destination == null) {
            LOG.warn("call {}: Vapi {} without a number or SIP destination: ignored", session.callId(), type);
            wire.countIgnored();
            return;
        }
        transfers++;
        events.transferRequested(new TransferRequest(destination, "Vapi " + type));
    }

    /** Transfers Vapi asked for on the socket. */
    public long transfers() {
        return transfers;
    }

    private void hangup(JsonNode message, String fallback) {
        if (ended) {
            // Ended once already (by either side): a repeated status-update is not a second end.
            return;
        }
        ended = true;
        String reason = text(message, "endedReason");
        events.hangup(reason != null && !reason.isBlank() ? reason : fallback);
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

    private static byte[] endCallBytes(VapiSettings settings) {
        return settings.endCallMessage().getBytes(StandardCharsets.UTF_8);
    }
}
