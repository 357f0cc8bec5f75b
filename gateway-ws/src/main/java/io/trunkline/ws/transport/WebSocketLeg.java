package io.trunkline.ws.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.observe.DropReason;
import io.trunkline.ws.protocol.AgentProtocol;
import io.trunkline.ws.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's WebSocket connection to its agent. Protocol-agnostic: it drives the {@link Connection} (connect
 * deadline, close handshake), lets the call's {@link AgentProtocol} encode and decode, and emits everything (its
 * readiness and failures, and what the protocol decoded) into one {@link LegEvents}; it never asks the call
 * anything. Runs on the call's own event loop (calls from elsewhere are handed over, except {@link #sendAudio},
 * whose buffer is borrowed). Whether anything may be written is decided in one place, {@link Connection#isOpen()},
 * before the protocol encodes it. While the agent does not read fast enough (the channel's water marks), caller
 * audio is dropped instead of queued, and {@link StallDetector} gives up on an agent that stopped reading; control
 * messages (few and small) are always queued. How the leg ends (the agent's close frame, a lost or failing channel,
 * a protocol violation, a failure, the call closing it) is {@link LegEnding}'s business.
 */
public final class WebSocketLeg implements AgentLeg {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketLeg.class);

    private final WebSocketConnector connector;
    private final AgentSession session;
    private final EventLoop loop;
    private final LegEvents events;
    private final ChannelWire wire;
    private final AgentProtocol protocol;
    private final StallDetector stall;
    private final ConnectTimer timer = new ConnectTimer();
    private final Connection connection;
    private final LegEnding ending;
    private Endpoint endpoint;

    WebSocketLeg(WebSocketConnector connector, AgentSession session, EventLoop loop, AgentEvents call) {
        this.connector = connector;
        this.session = session;
        this.loop = loop;
        this.connection = new Connection(loop);
        this.events = new LegEvents(call);
        this.wire = new ChannelWire(connector.stats());
        this.stall = new StallDetector(connector.stallNanos(), session.callId());
        this.protocol = connector.newProtocol(session, wire, events);
        this.ending = new LegEnding(connection, events, connector.stats(), session.callId(), this::redactedPeer,
                connector.maxFrameBytes());
    }

    @Override
    public AudioFormat format() {
        return protocol.format();
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("sendAudio must be called on the call's loop");
        }
        if (!connection.isOpen()) {
            if (connection.state().compareTo(Connection.State.OPEN) < 0) {
                events.dropped(DropReason.AGENT_NOT_READY, 1);
            }
        } else if (connection.channel().isWritable()) {
            stall.sent();
            protocol.sendAudio(frame);
        } else {
            events.dropped(DropReason.AGENT_NOT_READING, 1);
            if (stall.dropped(System.nanoTime(), redactedPeer())) {
                ending.fail(AgentFailure.of(Kind.CONNECTION_LOST, "agent stopped reading"), 0);
            }
        }
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        sendControl(p -> p.sendDtmf(digit));
    }

    @Override
    public void markPlayed(String name) {
        sendControl(p -> p.markPlayed(name));
    }

    @Override
    public void transferFailed(String destination, String reason) {
        sendControl(p -> p.transferFailed(destination, reason));
    }

    /** A control message goes out while the connection is open; else it is dropped, and counted. */
    private void sendControl(Consumer<AgentProtocol> message) {
        onLoop(() -> {
            if (connection.isOpen()) {
                message.accept(protocol);
            } else {
                events.dropped(DropReason.AGENT_CONTROL, 1);
            }
        });
    }

    @Override
    public void gatewayEnded() {
        onLoop(() -> {
            if (connection.isOpen()) {
                protocol.gatewayEnded();
            }
            ending.closedByCall();
        });
    }

    @Override
    public void close() {
        onLoop(ending::closedByCall);
    }

    /** Whether the connection is open: the agent accepts audio and messages. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Agent messages that the protocol ignored on this connection. */
    public long ignoredMessages() {
        return wire.ignored();
    }

    /** The connection, once dialled. */
    Channel channel() {
        return connection.channel();
    }

    /** Starts resolving and connecting. Called once by the connector, on the loop. */
    void start() {
        timer.started();
        connection.connecting(this::onDeadline, connector.timeoutMillis());
        CompletionStage<Endpoint> stage;
        try {
            stage = connector.endpointResolver().resolve(session);
        } catch (RuntimeException e) {
            handOver(() -> onResolved(null, e));
            return;
        }
        timer.resolving(!stage.toCompletableFuture().isDone()); // a fixed URL is no phase of its own
        // Always hand over, even when the stage is complete: no event before connect() returned.
        stage.whenComplete((ep, error) -> handOver(() -> onResolved(ep, error)));
    }

    private void onResolved(Endpoint ep, Throwable error) {
        if (!connection.isConnecting()) {
            return;
        }
        if (error != null || ep == null) {
            ending.fail(error != null ? Failures.forResolveError(error)
                    : AgentFailure.of(Kind.UNAVAILABLE, "no agent endpoint"), 0);
            return;
        }
        endpoint = ep;
        timer.resolved();
        events.identified(ep.agentCallId() != null ? ep.agentCallId() : protocol.agentCallId());
        ChannelFuture connect = connector.dialer().dial(loop, ep, this);
        connection.attach(connect.channel());
        wire.attach(connect.channel());
        connect.addListener((ChannelFutureListener) this::onConnected);
    }

    private void onConnected(ChannelFuture future) {
        if (!future.isSuccess() && connection.isConnecting()) {
            ending.fail(Failures.forConnectError(future.cause()), 0);
        }
    }

    void onHandshakeComplete() {
        if (!connection.opened()) {
            return;
        }
        timer.open();
        LOG.debug("call {}: WebSocket open to agent {}", session.callId(), redactedPeer());
        protocol.onOpen();
        events.ready(timer.phases());
    }

    void onHandshakeRejected(AgentFailure failure) {
        if (connection.isConnecting()) {
            ending.fail(failure, 0);
        }
    }

    private void onDeadline() {
        if (connection.isConnecting()) {
            ending.fail(AgentFailure.of(Kind.TIMEOUT, "agent not ready within " + connector.timeoutMillis() + " ms"),
                    Connection.NORMAL_CLOSURE);
        }
    }

    /** One complete message from the agent, text (UTF-8) or binary; borrowed. */
    void onMessage(ByteBuf content, boolean binary) {
        if (!connection.isOpen()) {
            return;
        }
        try {
            if (binary) {
                protocol.onBinary(content);
            } else {
                protocol.onText(content);
            }
        } catch (ProtocolException e) {
            ending.protocolError(e.closeCode(), e.getMessage());
        }
    }

    void onAgentClose(int statusCode) {
        ending.agentClosed(statusCode);
    }

    void onChannelInactive() {
        ending.channelInactive();
    }

    void onChannelError(Throwable cause) {
        ending.channelError(cause);
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            handOver(task);
        }
    }

    private void handOver(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("call {}: event loop shut down, agent leg task dropped", session.callId());
        }
    }

    private String redactedPeer() {
        return endpoint != null ? endpoint.redacted() : "(unresolved)";
    }
}
