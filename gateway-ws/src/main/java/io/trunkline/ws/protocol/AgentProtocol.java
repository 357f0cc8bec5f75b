package io.trunkline.ws.protocol;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import java.nio.ByteBuffer;

/**
 * One agent wire protocol, for one call: encodes the gateway's messages to a {@link Wire} and decodes the agent's
 * into the call's {@link AgentEvents}. The transport owns the connection, its lifecycle, its failures and the
 * decision whether a message may be sent at all; a protocol only encodes and decodes. Instances are created by a
 * {@link Factory} for each call, and every method runs on the call's loop.
 *
 * <p>Two wire styles fit this seam: binary audio frames with JSON text control (raw PCM, Vapi, Ultravox), and
 * JSON-only messages carrying base64 audio (Twilio Media Streams, OpenAI Realtime): the protocol decides how
 * {@link #sendAudio} is framed.
 */
public interface AgentProtocol {

    /** The audio format of both directions. */
    AudioFormat format();

    /** The WebSocket handshake completed: send the session-start messages. The agent accepts audio from now on. */
    void onOpen();

    /** Encodes one frame of caller audio. Only called while the connection is open and writable. Borrowed. */
    void sendAudio(ByteBuffer frame);

    /** Tells the agent that the caller pressed a key. */
    void sendDtmf(DtmfDigit digit);

    /** Confirms that the audio queued before mark {@code name} was played to the caller. */
    void markPlayed(String name);

    /**
     * Tells the agent that the transfer it (or an operator) asked for failed and the caller is still on the line.
     * Protocols without such a message ignore it.
     */
    default void transferFailed(String destination, String reason) {
    }

    /**
     * Tells the agent that the gateway ends the call (for any reason but the agent's own); the transport closes the
     * connection afterwards.
     */
    void gatewayEnded();

    /**
     * Handles one complete text message. The buffer is borrowed.
     *
     * @throws ProtocolException when the message breaks the protocol; the transport closes the connection
     */
    void onText(ByteBuf utf8) throws ProtocolException;

    /**
     * Handles one complete binary message. The buffer is borrowed.
     *
     * @throws ProtocolException when binary messages are not part of the protocol
     */
    void onBinary(ByteBuf data) throws ProtocolException;

    /** The agent platform's id for this call, when the protocol makes one up (a stream SID); null otherwise. */
    default String agentCallId() {
        return null;
    }

    /** Creates the protocol of one call. Called on the call's loop before the connection is opened. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param session what the agent is told about the call
         * @param wire    where the protocol writes its messages
         * @param events  where the protocol reports what the agent said (audio, clear, mark, hang-up, transfer);
         *                a message that breaks the protocol is reported by throwing {@link ProtocolException}, and
         *                readiness and failures are the transport's to report
         */
        AgentProtocol create(AgentSession session, Wire wire, AgentEvents events);
    }
}
