package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.loop.CallLoop.Cancellable;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.AgentTimings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one call connected to its agent: the ready deadline, one reconnect when the policy allows it, and the
 * caller's audio kept (bounded) while the agent is not ready. The one place that knows whether the agent is ready.
 * The call tells the link what happens to it ({@link #answered()}, {@link #close}) and passes on the leg's
 * readiness and failures; the link tells the call only when it gives up on the agent. Confined to the call's loop.
 */
final class AgentLink {

    /** How the link gives up on the agent; whether and how the call ends is the call's decision. */
    @FunctionalInterface
    interface GiveUp {
        /** The agent cannot serve the call; {@code retryAfterSeconds} is its platform's hint, or 0. */
        void agentLost(EndReason reason, int retryAfterSeconds);
    }

    private final AgentConnector connector;
    private final AgentConfig config;
    private final AgentSession session;
    private final CallLoop loop;
    private final CallLog log;
    private final CallObserver observer;
    private final DropObserver drops;
    private final GiveUp giveUp;
    private final EarlyAudioBuffer earlyAudio;
    private final AgentTimeline times = new AgentTimeline();

    private AgentEvents events;
    private AgentLeg leg;
    private boolean ready;
    private boolean answered;
    private boolean closed;
    private boolean reconnecting;
    private int reconnects;
    private Cancellable deadline;

    AgentLink(AgentConnector connector, AgentConfig config, AgentSession session, CallLoop loop, CallLog log,
            CallObserver observer, DropObserver drops, int earlyAudioBytes, GiveUp giveUp) {
        this.connector = connector;
        this.config = config;
        this.session = session;
        this.loop = loop;
        this.log = log;
        this.observer = observer;
        this.drops = drops;
        this.giveUp = giveUp;
        this.earlyAudio = new EarlyAudioBuffer(earlyAudioBytes);
    }

    /** Starts connecting, the leg reporting to the call's {@code events}; the agent has {@code readyTimeout}. */
    void connect(Duration readyTimeout, AgentEvents events) {
        this.events = events;
        times.connectStartNanos = System.nanoTime();
        open(readyTimeout, "agent not ready after {} ms");
    }

    /** When the first connection attempt started (monotonic), or 0 before {@link #connect}. */
    long connectStartNanos() {
        return times.connectStartNanos;
    }

    /** The call was answered: from now on a lost agent may be reconnected. */
    void answered() {
        answered = true;
    }

    /**
     * The leg reported ready. Returns false when that means nothing to the call any more (closed, or ready already).
     */
    boolean ready(ConnectPhases phases) {
        if (closed || ready) {
            return false;
        }
        ready = true;
        cancelDeadline();
        if (reconnecting) {
            reconnecting = false;
            log.info("agent reconnected");
        } else {
            times.readyNanos = System.nanoTime();
            times.phases = phases;
            log.info("agent ready in {} ms", Math.round(times.connectMillis()));
        }
        if (earlyAudio.bufferedBytes() > 0) {
            earlyAudio.drainTo(leg::sendAudio);
        }
        return true;
    }

    /** The leg failed: one reconnect when the policy allows it, else the link gives up. */
    void failed(AgentFailure failure) {
        if (closed) {
            return;
        }
        times.errors++;
        observer.agentError(connector.kind(), failure.kind());
        if (!ready) {
            log.warn("agent connection failed ({}): {}", failure.kind(), failure.message());
            giveUp.agentLost(reconnecting ? EndReason.AGENT_DISCONNECTED : connectFailure(failure),
                    reconnecting ? 0 : failure.retryAfterSeconds());
            return;
        }
        log.warn("agent disconnected ({}): {}", failure.kind(), failure.message());
        ready = false;
        if (failure.kind() != AgentFailure.Kind.PROTOCOL && mayReconnect()) {
            reconnect();
        } else {
            giveUp.agentLost(failure.kind() == AgentFailure.Kind.PROTOCOL
                    ? EndReason.AGENT_PROTOCOL_ERROR : EndReason.AGENT_DISCONNECTED, 0);
        }
    }

    /** One 20 ms frame from the caller: to the agent when it is ready, else kept until it is. */
    void sendCallerAudio(ByteBuffer frame) {
        if (ready) {
            leg.sendAudio(frame);
        } else if (!closed && !earlyAudio.add(frame)) {
            drops.dropped(DropReason.EARLY_AUDIO_FULL, 1);
        }
    }

    void sendDtmf(DtmfDigit digit) {
        if (ready) {
            leg.sendDtmf(digit);
        }
    }

    /** A transfer failed: the agent keeps the caller and is told why. */
    void transferFailed(String destination, String why) {
        if (!closed && leg != null) {
            leg.transferFailed(destination, why);
        }
    }

    void markPlayed(String name) {
        if (!closed) {
            leg.markPlayed(name);
        }
    }

    /**
     * Ends the agent side: tells the agent that the gateway ends the call, or (when the agent ended it) just closes.
     * Only the first call counts.
     */
    void close(boolean gatewayEnded) {
        if (closed) {
            return; // a bridged transfer let the agent go before the call ended
        }
        closed = true;
        cancelDeadline();
        if (leg != null) {
            if (gatewayEnded) {
                leg.gatewayEnded();
            } else {
                leg.close();
            }
        }
        if (earlyAudio.droppedFrames() > 0) {
            log.warn("{} caller frames did not fit the buffer while the agent was not ready",
                    earlyAudio.droppedFrames());
        }
    }

    AgentTimings timings(long answeredNanos, long firstAudioNanos, long firstSpeechNanos) {
        return times.toTimings(answeredNanos, firstAudioNanos, firstSpeechNanos, reconnects);
    }

    private static EndReason connectFailure(AgentFailure failure) {
        return failure.kind() == AgentFailure.Kind.TIMEOUT ? EndReason.AGENT_CONNECT_TIMEOUT
                : EndReason.AGENT_CONNECT_FAILED;
    }

    private boolean mayReconnect() {
        return config.onDisconnect() == DisconnectPolicy.RECONNECT && reconnects == 0 && answered;
    }

    /** One new connection; the caller hears the pacer's silence and their audio is kept meanwhile. */
    private void reconnect() {
        reconnects++;
        reconnecting = true;
        leg.close();
        log.info("reconnecting to the agent (deadline {} ms)", config.reconnectDeadline().toMillis());
        open(config.reconnectDeadline(), "agent did not come back within {} ms");
    }

    /** Connects a leg, which has {@code timeout} to become ready; {@code warning} is logged when it does not. */
    private void open(Duration timeout, String warning) {
        deadline = loop.schedule(() -> {
            if (!ready && !closed) {
                log.warn(warning, timeout.toMillis());
                giveUp.agentLost(reconnecting ? EndReason.AGENT_DISCONNECTED : EndReason.AGENT_CONNECT_TIMEOUT, 0);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        leg = connector.connect(session, loop, events);
        if (closed) {
            leg.close(); // the connector failed at once, and the call ended before the leg was known
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }
}
