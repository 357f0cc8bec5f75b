package io.trunkline.ws.transport;

import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one leg ends, whoever ends it: the agent (its close frame), the channel (closed or failing), a protocol
 * violation, a failure the leg detected, or the call closing the leg. The connection closes first, so that a call
 * closing the leg in response finds it closing, then the end is reported through {@link LegEvents}, which lets one
 * terminal event through. Loop-confined.
 */
final class LegEnding {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketLeg.class);

    private final Connection connection;
    private final LegEvents events;
    private final ConnectorStats stats;
    private final String callId;
    private final Supplier<String> peer;
    private final int maxFrameBytes;

    /**
     * @param peer          the agent's address, redacted, for log lines
     * @param maxFrameBytes the largest accepted agent message, named when a larger one ends the leg
     */
    LegEnding(Connection connection, LegEvents events, ConnectorStats stats, String callId, Supplier<String> peer,
            int maxFrameBytes) {
        this.connection = connection;
        this.events = events;
        this.stats = stats;
        this.callId = callId;
        this.peer = peer;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Ends the leg with {@code failure}, sending a close frame of {@code closeCode} (0: none) when it was open. */
    void fail(AgentFailure failure, int closeCode) {
        Connection.State before = connection.ending();
        LOG.debug("call {}: agent leg ended: {} {}", callId, failure.kind(), failure.message());
        events.failed(failure);
        connection.close(before, closeCode);
    }

    /** The agent broke the protocol: counted and logged, and its connection closed with {@code closeCode}. */
    void protocolError(int closeCode, String message) {
        stats.protocolError(callId, peer.get(), message, closeCode);
        fail(AgentFailure.of(Kind.PROTOCOL, message), closeCode);
    }

    /** The call closed the leg: no further events, and a normal close unless the connection is going already. */
    void closedByCall() {
        events.close();
        if (connection.state().compareTo(Connection.State.CLOSING) < 0) {
            connection.close(connection.ending(), Connection.NORMAL_CLOSURE);
        }
    }

    /** The agent sent a close frame with {@code statusCode}. */
    void agentClosed(int statusCode) {
        if (!connection.isOpen()) {
            connection.channel().close(); // the answer to our own close frame (or a late one): done
            return;
        }
        connection.ending();
        if (statusCode == Connection.NORMAL_CLOSURE) {
            // A normal close is how many agents (e.g. Pipecat over Twilio Media Streams) end the call.
            events.hangup("agent closed the connection normally");
        } else {
            events.failed(AgentFailure.of(Kind.CONNECTION_LOST, "agent closed the connection (status " + statusCode
                    + ")"));
        }
        connection.echoClose(statusCode);
    }

    /** The channel went inactive: reported as a failure (nothing is reported after the leg's first end). */
    void channelInactive() {
        Connection.State before = connection.closed();
        events.failed(before == Connection.State.CONNECTING
                ? AgentFailure.of(Kind.UNAVAILABLE, "connection closed during the handshake")
                : AgentFailure.of(Kind.CONNECTION_LOST, "connection closed"));
    }

    /** The channel raised {@code cause}; see {@link Failures#forChannelError} for what each error means. */
    void channelError(Throwable cause) {
        if (connection.state().compareTo(Connection.State.CLOSING) >= 0) {
            connection.channel().close(); // late errors of a connection that is going away anyway
            return;
        }
        Failures.ChannelError error = Failures.forChannelError(cause, connection.isConnecting(), maxFrameBytes);
        if (error == null) {
            // Resets and write errors: the channel closes and channelInactive reports it.
            LOG.debug("call {}: agent connection error: {}", callId, cause.toString());
            connection.channel().close();
        } else if (error.protocol()) {
            protocolError(error.closeCode(), error.failure().message());
        } else {
            if (error.unexpected()) {
                stats.unexpectedError(callId, peer.get(), cause);
            }
            fail(error.failure(), error.closeCode());
        }
    }
}
