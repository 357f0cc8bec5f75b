package io.trunkline.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.observe.AgentConnectPhases;
import io.trunkline.core.observe.DropReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's WebSocket connection to its agent. Protocol-agnostic: it owns the channel, the connect deadline, the
 * close handshake and failure reporting, and lets the call's {@link AgentProtocol} encode and decode messages. The
 * channel is registered on the call's own event loop, and every method runs there (calls from elsewhere are handed
 * over, except {@link #sendAudio}, whose buffer is borrowed).
 *
 * <p>Outbound writes are bounded by the channel's write-buffer water marks: while the agent does not read fast
 * enough, caller audio is dropped instead of queued; control messages (few and small) are always queued. Every
 * drop is reported once to the call's listener ({@link AgentListener#dropped}), which counts it. One deadline covers endpoint lookup, TCP, TLS, the WebSocket handshake and, for protocols that wait
 * for the agent's first message, readiness.
 */
public final class WebSocketAgentLeg implements AgentLeg, AgentConnectPhases {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketAgentLeg.class);
    private static final int NORMAL_CLOSURE = 1000;
    private static final int MESSAGE_TOO_BIG = 1009;
    private static final int INTERNAL_ERROR = 1011;
    /** How long a close frame may wait in a full write buffer before the connection is cut. */
    private static final long CLOSE_GRACE_MILLIS = 1000;

    private enum State { NEW, CONNECTING, OPEN, CLOSING, CLOSED }

    private final WebSocketAgentConnector connector;
    private final AgentSession session;
    private final EventLoop loop;
    private final ListenerGuard events;
    private final AgentProtocol protocol;
    private final AgentLinkStats totals;
    private State state = State.NEW;
    private Channel channel;
    private AgentEndpoint endpoint;
    private ScheduledFuture<?> deadline;
    /** Frames dropped in the current stall, for its log line. */
    private long stallDrops;
    private long stalledSinceNanos;
    private long startNanos;
    private long resolvedNanos;
    private long openNanos;
    private boolean remoteResolution;
    private long ignoredMessages;

    WebSocketAgentLeg(WebSocketAgentConnector connector, AgentSession session, EventLoop loop,
            AgentListener listener) {
        this.connector = connector;
        this.session = session;
        this.loop = loop;
        this.totals = connector.stats();
        this.events = new ListenerGuard(listener, this::onReady, this::onProtocolEnded);
        this.protocol = connector.protocolFactory().create(session, new LegWire(this), events);
        if (protocol.format() != connector.format()) {
            throw new IllegalStateException("protocol speaks " + protocol.format() + ", connector declares "
                    + connector.format());
        }
    }

    // ---- AgentLeg ------------------------------------------------------------------------------------------

    @Override
    public AudioFormat format() {
        return protocol.format();
    }

    @Override
    public void sendAudio(ByteBuffer frame) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("sendAudio must be called on the call's loop");
        }
        if (state != State.OPEN || !events.isReady()) {
            if (state.compareTo(State.OPEN) <= 0) {
                events.dropped(DropReason.AGENT_NOT_READY, 1);
            }
            return;
        }
        if (!channel.isWritable()) {
            events.dropped(DropReason.AGENT_NOT_READING, 1);
            stallDrops++;
            checkStall();
            return;
        }
        stalledSinceNanos = 0;
        stallDrops = 0;
        protocol.sendAudio(frame);
    }

    @Override
    public void sendDtmf(DtmfDigit digit) {
        onLoop(() -> {
            if (sendable()) {
                protocol.sendDtmf(digit);
            } else {
                countControlDropped();
            }
        });
    }

    @Override
    public void markPlayed(String name) {
        onLoop(() -> {
            if (sendable()) {
                protocol.markPlayed(name);
            } else {
                countControlDropped();
            }
        });
    }

    @Override
    public void gatewayEnded() {
        onLoop(() -> {
            if (sendable()) {
                protocol.gatewayEnded();
            }
            close0();
        });
    }

    @Override
    public void close() {
        onLoop(this::close0);
    }

    @Override
    public OptionalLong restNanos() {
        return remoteResolution && resolvedNanos != 0 ? OptionalLong.of(resolvedNanos - startNanos)
                : OptionalLong.empty();
    }

    @Override
    public OptionalLong webSocketNanos() {
        return openNanos != 0 && resolvedNanos != 0 ? OptionalLong.of(openNanos - resolvedNanos)
                : OptionalLong.empty();
    }

    @Override
    public String agentCallId() {
        AgentEndpoint ep = endpoint;
        return ep != null && ep.agentCallId() != null ? ep.agentCallId() : protocol.agentCallId();
    }

    // ---- counters -------------------------------------------------------------------------------------------

    /** Agent messages that the protocol ignored (see {@link AgentWire#countIgnored()}). */
    public long ignoredMessages() {
        return ignoredMessages;
    }

    /** Whether the agent is connected and accepts audio. */
    public boolean isReady() {
        return state == State.OPEN && events.isReady();
    }

    // ---- connecting -----------------------------------------------------------------------------------------

    /** Starts resolving and connecting. Called once by the connector, on the loop. */
    void start() {
        state = State.CONNECTING;
        startNanos = System.nanoTime();
        deadline = loop.schedule(this::onDeadline, connector.timeoutMillis(), TimeUnit.MILLISECONDS);
        CompletionStage<AgentEndpoint> stage;
        try {
            stage = connector.endpointResolver().resolve(session);
        } catch (RuntimeException e) {
            handOver(() -> onResolved(null, e));
            return;
        }
        // A fixed URL resolves at once; only a platform call (Vapi's POST /call) is a phase of its own.
        remoteResolution = !stage.toCompletableFuture().isDone();
        // Always hand over, even when the stage is complete: no listener call before connect() returned.
        stage.whenComplete((ep, error) -> handOver(() -> onResolved(ep, error)));
    }

    private void onResolved(AgentEndpoint ep, Throwable error) {
        if (state != State.CONNECTING) {
            return;
        }
        if (error != null || ep == null) {
            fail(error != null ? Failures.forResolveError(error)
                    : AgentFailure.of(Kind.UNAVAILABLE, "no agent endpoint"), 0);
            return;
        }
        endpoint = ep;
        resolvedNanos = System.nanoTime();
        ChannelFuture connect = connector.open(loop, ep, this);
        channel = connect.channel();
        connect.addListener((ChannelFutureListener) this::onConnected);
    }

    private void onConnected(ChannelFuture future) {
        if (future.isSuccess()) {
            LOG.debug("call {}: TCP connected to agent {}", session.callId(), endpoint.redacted());
            return;
        }
        if (state == State.CONNECTING) {
            fail(Failures.forConnectError(future.cause()), 0);
        }
    }

    /** The connection, once connecting started; null before. */
    Channel channel() {
        return channel;
    }

    /** Test hook: runs the leg over an already connected channel (e.g. an EmbeddedChannel). */
    void attach(Channel ch) {
        state = State.CONNECTING;
        channel = ch;
    }

    void onHandshakeComplete() {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.OPEN;
        openNanos = System.nanoTime();
        LOG.debug("call {}: WebSocket open to agent {}", session.callId(), redactedPeer());
        if (protocol.onOpen()) {
            events.onAgentReady();
        }
    }

    void onHandshakeRejected(AgentFailure failure) {
        if (state == State.CONNECTING) {
            fail(failure, 0);
        }
    }

    private void onReady() {
        cancelDeadline();
    }

    private void onDeadline() {
        if (state == State.CONNECTING || (state == State.OPEN && !events.isReady())) {
            fail(AgentFailure.of(Kind.TIMEOUT, "agent not ready within " + connector.timeoutMillis() + " ms"),
                    NORMAL_CLOSURE);
        }
    }

    // ---- inbound --------------------------------------------------------------------------------------------

    void onTextMessage(ByteBuf utf8) {
        if (state != State.OPEN) {
            return;
        }
        try {
            protocol.onText(utf8);
        } catch (AgentProtocolException e) {
            protocolError(e.closeCode(), e.getMessage());
        }
    }

    void onBinaryMessage(ByteBuf data) {
        if (state != State.OPEN) {
            return;
        }
        try {
            protocol.onBinary(data);
        } catch (AgentProtocolException e) {
            protocolError(e.closeCode(), e.getMessage());
        }
    }

    void onAgentClose(int statusCode) {
        if (state != State.OPEN) {
            // The answer to our own close frame (or a late one): done.
            channel.close();
            return;
        }
        state = State.CLOSING;
        cancelDeadline();
        if (statusCode == NORMAL_CLOSURE) {
            // A normal close is how many agents (e.g. Pipecat over Twilio Media Streams) end the call.
            events.onAgentHangup("agent closed the connection normally");
        } else {
            events.end(AgentFailure.of(Kind.CONNECTION_LOST, "agent closed the connection (status " + statusCode + ")"));
        }
        // Echo the agent's close as RFC 6455 asks, then drop the connection.
        CloseWebSocketFrame reply = statusCode > 0 ? new CloseWebSocketFrame(statusCode, null)
                : new CloseWebSocketFrame();
        channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    void onChannelInactive() {
        State before = state;
        state = State.CLOSED;
        cancelDeadline();
        if (before == State.CONNECTING) {
            events.end(AgentFailure.of(Kind.UNAVAILABLE, "connection closed during the handshake"));
        } else {
            events.end(AgentFailure.of(Kind.CONNECTION_LOST, "connection closed"));
        }
    }

    void onChannelError(Throwable cause) {
        if (state == State.CLOSING || state == State.CLOSED) {
            // Late errors of a connection that is going away anyway.
            channel.close();
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            protocolError(corrupted.closeStatus().code(), "invalid frame: " + corrupted.closeStatus().reasonText());
        } else if (cause instanceof TooLongFrameException) {
            protocolError(MESSAGE_TOO_BIG, "message larger than " + connector.maxFrameBytes() + " bytes");
        } else if (state == State.CONNECTING && hasCause(cause, SSLException.class)) {
            fail(AgentFailure.of(Kind.UNAVAILABLE, "TLS handshake failed"), 0);
        } else if (cause instanceof IOException) {
            // Resets and write errors: the channel closes and onChannelInactive reports it.
            LOG.debug("call {}: agent connection error: {}", session.callId(), cause.toString());
            channel.close();
        } else {
            if (connector.logLimiter().tryAcquire() >= 0) {
                LOG.warn("call {}: unexpected error on agent connection {}", session.callId(), redactedPeer(),
                        cause);
            }
            Kind kind = events.isReady() ? Kind.CONNECTION_LOST : Kind.UNAVAILABLE;
            fail(AgentFailure.of(kind, "unexpected error: " + cause.getClass().getSimpleName()), INTERNAL_ERROR);
        }
    }

    // ---- closing --------------------------------------------------------------------------------------------

    private void protocolError(int closeCode, String message) {
        totals.protocolErrors.increment();
        long dropped = connector.logLimiter().tryAcquire();
        if (dropped >= 0) {
            LOG.warn("call {}: agent {} broke the protocol ({}), closing with {}{}", session.callId(),
                    redactedPeer(), message, closeCode, dropped > 0 ? " (" + dropped + " similar lines dropped)" : "");
        }
        fail(AgentFailure.of(Kind.PROTOCOL, message), closeCode);
    }

    /**
     * Ends the leg: reports {@code failure} once, then closes the connection, with a close frame when it is open and
     * {@code closeCode > 0}. The state changes first, so a listener that closes the leg in response finds it closing.
     */
    private void fail(AgentFailure failure, int closeCode) {
        State before = state;
        if (before != State.CLOSED) {
            // Without a channel nothing will report the close: the leg is closed at once.
            state = channel == null ? State.CLOSED : State.CLOSING;
        }
        cancelDeadline();
        LOG.debug("call {}: agent leg ended: {} {}", session.callId(), failure.kind(), failure.message());
        events.end(failure);
        if (channel == null || before == State.CLOSED) {
            return;
        }
        if (before == State.OPEN && closeCode > 0) {
            writeCloseFrame(closeCode);
        } else {
            channel.close();
        }
    }

    private void onProtocolEnded() {
        if (state == State.OPEN) {
            state = State.CLOSING;
            cancelDeadline();
            writeCloseFrame(NORMAL_CLOSURE);
        }
    }

    private void close0() {
        events.silence();
        State before = state;
        if (before == State.CLOSING || before == State.CLOSED) {
            return;
        }
        state = channel == null ? State.CLOSED : State.CLOSING;
        cancelDeadline();
        if (before == State.OPEN) {
            writeCloseFrame(NORMAL_CLOSURE);
        } else if (channel != null) {
            channel.close();
        }
    }

    private void writeCloseFrame(int code) {
        Channel ch = channel;
        ch.writeAndFlush(new CloseWebSocketFrame(code, null)).addListener(ChannelFutureListener.CLOSE);
        if (!ch.isWritable()) {
            // The agent stopped reading: the close frame may never leave the buffer.
            loop.schedule(() -> ch.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** An agent whose socket stays full for {@code agent.stall-timeout} is given up on: the call decides what next. */
    private void checkStall() {
        long now = System.nanoTime();
        if (stalledSinceNanos == 0) {
            stalledSinceNanos = now;
        } else if (now - stalledSinceNanos >= connector.stallNanos()) {
            LOG.warn("call {}: agent {} stopped reading for {} ms ({} audio frames dropped)", session.callId(),
                    redactedPeer(), (now - stalledSinceNanos) / 1_000_000, stallDrops);
            fail(AgentFailure.of(Kind.CONNECTION_LOST, "agent stopped reading"), 0);
        }
    }

    private boolean sendable() {
        return state == State.OPEN && events.isReady();
    }

    void countControlDropped() {
        events.dropped(DropReason.AGENT_CONTROL, 1);
    }

    void countIgnored() {
        ignoredMessages++;
        totals.ignoredMessages.increment();
    }

    /** The channel when protocol messages may be written to it, else null. */
    Channel writableChannel() {
        return state == State.OPEN && channel.isActive() ? channel : null;
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
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
        return endpoint != null ? endpoint.redacted() : "(attached)";
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
