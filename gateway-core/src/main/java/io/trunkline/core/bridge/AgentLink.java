package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.loop.CallLoop.Cancellable;
import io.trunkline.core.observe.AgentConnectPhases;
import io.trunkline.core.observe.CallObserver;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.AgentTimings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The agent side of one call: connecting within the ready timeout, one reconnect when the policy allows it, and
 * the caller's audio kept (bounded) while the agent is not ready. What the agent says goes to the {@link Call}
 * interface; whether and how the call ends is the session's decision. Confined to the call's loop.
 */
final class AgentLink implements AgentListener {

    /** What the link needs from the call it serves. */
    interface Call {
        /** The agent became ready (first connect or reconnect). */
        void agentReady();

        void agentAudio(ByteBuffer audio);

        void agentClear();

        void agentMark(String name);

        /** The agent cannot serve the call any more; {@code retryAfterSeconds} is its platform's hint, or 0. */
        void agentEnded(EndReason reason, int retryAfterSeconds);

        boolean answered();

        boolean over();
    }

    private final AgentConnector connector;
    private final AgentConfig config;
    private final AgentSession session;
    private final CallLoop loop;
    private final CallLog log;
    private final CallObserver observer;
    private final DropObserver drops;
    private final Call call;
    private final EarlyAudioBuffer earlyAudio;
    private final AgentTimeline times = new AgentTimeline();

    private AgentLeg leg;
    private boolean ready;
    private boolean reconnecting;
    private int reconnects;
    private Cancellable deadline;

    AgentLink(AgentConnector connector, AgentConfig config, AgentSession session, CallLoop loop, CallLog log,
            CallObserver observer, DropObserver drops, int earlyAudioBytes, Call call) {
        this.connector = connector;
        this.config = config;
        this.session = session;
        this.loop = loop;
        this.log = log;
        this.observer = observer;
        this.drops = drops;
        this.call = call;
        this.earlyAudio = new EarlyAudioBuffer(earlyAudioBytes);
    }

    /** Starts connecting; the agent has {@code readyTimeout} to become ready. */
    void connect(Duration readyTimeout) {
        times.connectStartNanos = System.nanoTime();
        deadline = loop.schedule(() -> {
            if (!ready && !call.over()) {
                log.warn("agent not ready after {} ms", readyTimeout.toMillis());
                call.agentEnded(EndReason.AGENT_CONNECT_TIMEOUT, 0);
            }
        }, readyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        leg = connector.connect(session, loop, this);
        if (call.over()) {
            leg.close(); // the connector failed synchronously
        }
    }

    /** One 20 ms frame from the caller: to the agent when it is ready, else kept until it is. */
    void sendCallerAudio(ByteBuffer frame) {
        if (ready) {
            leg.sendAudio(frame);
        } else if (!call.over() && !earlyAudio.add(frame)) {
            drops.dropped(DropReason.EARLY_AUDIO_FULL, 1);
        }
    }

    void sendDtmf(DtmfDigit digit) {
        if (ready) {
            leg.sendDtmf(digit);
        }
    }

    void markPlayed(String name) {
        if (!call.over()) {
            leg.markPlayed(name);
        }
    }

    /** Ends the agent side: tells the agent that the gateway ends the call, or (when the agent ended it) just closes. */
    void close(boolean gatewayEnded) {
        cancel();
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

    String agentCallId() {
        return leg == null ? null : leg.agentCallId();
    }

    AgentTimings timings(long answeredNanos, long firstSpeechNanos) {
        return times.toTimings(answeredNanos, firstSpeechNanos, reconnects);
    }

    // ---- AgentListener (on the loop) -------------------------------------------------------------------------

    @Override
    public void onAgentReady() {
        if (call.over()) {
            return;
        }
        ready = true;
        cancel();
        if (reconnecting) {
            reconnecting = false;
            log.info("agent reconnected");
        } else {
            times.readyNanos = System.nanoTime();
            if (leg instanceof AgentConnectPhases phases) {
                times.restNanos = phases.restNanos();
                times.webSocketNanos = phases.webSocketNanos();
            }
            log.info("agent ready in {} ms", Math.round(times.connectMillis()));
        }
        call.agentReady();
        if (earlyAudio.bufferedBytes() > 0) {
            earlyAudio.drainTo(leg::sendAudio);
        }
    }

    @Override
    public void onAgentFailed(AgentFailure failure) {
        log.warn("agent connection failed ({}): {}", failure.kind(), failure.message());
        countError(failure);
        if (reconnecting) {
            call.agentEnded(EndReason.AGENT_DISCONNECTED, 0);
        } else {
            call.agentEnded(failure.kind() == AgentFailure.Kind.TIMEOUT
                    ? EndReason.AGENT_CONNECT_TIMEOUT : EndReason.AGENT_CONNECT_FAILED, failure.retryAfterSeconds());
        }
    }

    @Override
    public void onAgentAudio(ByteBuffer audio) {
        if (times.firstAudioNanos == 0 && call.answered()) {
            times.firstAudioNanos = System.nanoTime();
        }
        call.agentAudio(audio);
    }

    @Override
    public void onClear() {
        call.agentClear();
    }

    @Override
    public void onMark(String name) {
        call.agentMark(name);
    }

    @Override
    public void dropped(DropReason reason, long count) {
        drops.dropped(reason, count);
    }

    @Override
    public void onAgentHangup(String reason) {
        log.info("agent hung up: {}", reason);
        call.agentEnded(EndReason.AGENT_HANGUP, 0);
    }

    @Override
    public void onAgentDisconnected(AgentFailure failure) {
        log.warn("agent disconnected ({}): {}", failure.kind(), failure.message());
        countError(failure);
        if (failure.kind() != AgentFailure.Kind.PROTOCOL && mayReconnect()) {
            reconnect();
            return;
        }
        call.agentEnded(failure.kind() == AgentFailure.Kind.PROTOCOL
                ? EndReason.AGENT_PROTOCOL_ERROR : EndReason.AGENT_DISCONNECTED, 0);
    }

    private void countError(AgentFailure failure) {
        if (!call.over()) {
            times.errors++;
            observer.agentError(connector.kind(), failure.kind());
        }
    }

    private boolean mayReconnect() {
        return config.onDisconnect() == DisconnectPolicy.RECONNECT && reconnects == 0 && call.answered();
    }

    /** One new connection; the caller hears the pacer's silence and their audio is kept meanwhile. */
    private void reconnect() {
        reconnects++;
        reconnecting = true;
        ready = false;
        leg.close();
        log.info("reconnecting to the agent (deadline {} ms)", config.reconnectDeadline().toMillis());
        deadline = loop.schedule(() -> {
            if (reconnecting && !call.over()) {
                log.warn("agent did not come back within {} ms", config.reconnectDeadline().toMillis());
                call.agentEnded(EndReason.AGENT_DISCONNECTED, 0);
            }
        }, config.reconnectDeadline().toNanos(), TimeUnit.NANOSECONDS);
        leg = connector.connect(session, loop, this);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }
}
