package io.trunkline.ws.raw;

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

/**
 * The raw PCM protocol ({@code agent.kind: raw}, also spoken by the demo agent). Binary frames carry PCM16LE at
 * the configured rate in both directions, with no header. Text frames carry JSON control:
 * <ul>
 * <li>gateway → agent: {@code start} (call id, from, to, metadata from the call's X- headers) when the socket
 *     opens, {@code dtmf} (digit, durationMs), {@code mark} (name, once the audio before it was played) and
 *     {@code hangup} when the caller hung up, {@code transfer-failed} (to, reason) when a transfer did not happen
 *     and the caller is still on the line;</li>
 * <li>agent → gateway: {@code clear} (barge-in: drop queued playback), {@code mark} (name), {@code hangup}
 *     (reason) and {@code transfer} ({@code to}: an E.164 number or a SIP URI; optional {@code reason}). Other
 *     types are counted and ignored; anything that is not a JSON object with a string {@code type} is a protocol
 *     error.</li>
 * </ul>
 * Binary frames of odd length are passed on as they are: the media path joins split samples.
 */
public final class RawPcmProtocol implements AgentProtocol {

    private final AudioFormat format;
    private final AgentSession session;
    private final Wire wire;
    private final AgentEvents events;
    private long unknownMessages;

    public RawPcmProtocol(AudioFormat format, AgentSession session, Wire wire, AgentEvents events) {
        this.format = checkFormat(format);
        this.session = session;
        this.wire = wire;
        this.events = events;
    }

    /** A factory for connectors: PCM16LE at 8 or 16 kHz. */
    public static AgentProtocol.Factory factory(AudioFormat format) {
        checkFormat(format);
        return (session, wire, events) -> new RawPcmProtocol(format, session, wire, events);
    }

    private static AudioFormat checkFormat(AudioFormat format) {
        if (format != AudioFormat.PCM16_8K && format != AudioFormat.PCM16_16K) {
            throw new IllegalArgumentException("raw PCM speaks PCM16 at 8 or 16 kHz, not " + format);
        }
        return format;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void onOpen() {
        wire.sendText(RawPcmMessages.start(wire.alloc(), session, format));
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        wire.sendBinary(BorrowedBuffers.copy(wire.alloc(), frame));
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        wire.sendText(RawPcmMessages.dtmf(wire.alloc(), digit));
    }

    @Override
    public void markPlayed(String name) {
        wire.sendText(RawPcmMessages.mark(wire.alloc(), name));
    }

    @Override
    public void gatewayEnded() {
        wire.sendText(RawPcmMessages.hangup(wire.alloc()));
    }

    @Override
    public void transferFailed(String destination, String reason) {
        wire.sendText(RawPcmMessages.transferFailed(wire.alloc(), destination, reason));
    }

    @Override
    public void onText(ByteBuf utf8) throws ProtocolException {
        JsonNode message = Json.parseObject(utf8);
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException("message without a string \"type\"");
        }
        switch (type.asText()) {
            case "clear" -> events.clear();
            case "mark" -> events.mark(requiredText(message, "name"));
            case "hangup" -> events.hangup(optionalText(message, "reason", "agent hung up"));
            case "transfer" -> events.transferRequested(transferRequest(message));
            default -> {
                unknownMessages++;
                wire.countIgnored();
            }
        }
    }

    @Override
    public void onBinary(ByteBuf data) {
        if (data.isReadable()) {
            events.audio(BorrowedBuffers.view(data));
        }
    }

    /** Agent messages of unknown types, ignored. */
    public long unknownMessages() {
        return unknownMessages;
    }

    private static TransferRequest transferRequest(JsonNode message) throws ProtocolException {
        String to = requiredText(message, "to");
        if (to.isBlank()) {
            throw new ProtocolException("\"to\" must be a number or a SIP URI");
        }
        return new TransferRequest(to.trim(), optionalText(message, "reason", ""));
    }

    private static String requiredText(JsonNode message, String field) throws ProtocolException {
        JsonNode value = message.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ProtocolException("\"" + field + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode message, String field, String fallback) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : fallback;
    }
}
