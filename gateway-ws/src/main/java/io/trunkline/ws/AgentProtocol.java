package io.trunkline.ws;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import java.nio.ByteBuffer;

/**
 * One agent wire protocol, for one call: maps gateway events to WebSocket messages and agent messages to
 * {@link io.trunkline.core.agent.AgentListener} events. The transport ({@link WebSocketAgentLeg}) owns the
 * connection, its lifecycle and its failures; a protocol only encodes and decodes. Instances are created by an
 * {@link AgentProtocolFactory} with the call's {@link AgentWire} and listener, and every method runs on the call's
 * loop.
 *
 * <p>Two wire styles fit this seam: binary audio frames with JSON text control (raw PCM, Vapi, Ultravox), and
 * JSON-only messages carrying base64 audio (Twilio Media Streams, OpenAI Realtime): the protocol decides how
 * {@link #sendAudio} is framed.
 */
public interface AgentProtocol {

    /** The audio format of both directions. */
    AudioFormat format();

    /**
     * The WebSocket handshake completed: send the session-start messages.
     *
     * @return true when the agent accepts audio now; false when the protocol waits for a message from the agent
     *         and will call {@code onAgentReady()} on its listener itself
     */
    boolean onOpen();

    /** Encodes one frame of caller audio. Only called once ready and while the connection is writable. Borrowed. */
    void sendAudio(ByteBuffer frame);

    /** Tells the agent that the caller pressed a key. */
    void sendDtmf(DtmfDigit digit);

    /** Confirms that the audio queued before mark {@code name} was played to the caller. */
    void markPlayed(String name);

    /**
     * Tells the agent that the gateway ends the call (for any reason but the agent's own); the transport closes the
     * connection afterwards.
     */
    void gatewayEnded();

    /**
     * Handles one complete text message. The buffer is borrowed.
     *
     * @throws AgentProtocolException when the message breaks the protocol; the transport closes the connection
     */
    void onText(ByteBuf utf8) throws AgentProtocolException;

    /**
     * Handles one complete binary message. The buffer is borrowed.
     *
     * @throws AgentProtocolException when binary messages are not part of the protocol
     */
    void onBinary(ByteBuf data) throws AgentProtocolException;

    /** The agent platform's id for this call, when the protocol learns one; null otherwise. */
    default String agentCallId() {
        return null;
    }
}
