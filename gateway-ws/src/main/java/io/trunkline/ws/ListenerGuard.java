package io.trunkline.ws;

import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.observe.DropReason;
import java.nio.ByteBuffer;

/**
 * Enforces the {@link AgentListener} contract for one leg: ready at most once and never after a failure, exactly
 * one terminal event (failed, disconnected or hangup), nothing after it, and nothing at all once the gateway closed
 * the leg. Both the transport and the protocol report through this guard. Loop-confined.
 */
final class ListenerGuard implements AgentListener {

    private final AgentListener target;
    private final Runnable onReady;
    private final Runnable onProtocolEnd;
    private boolean ready;
    private boolean ended;

    /**
     * @param onReady       runs just before the target hears {@code onAgentReady}
     * @param onProtocolEnd runs after the protocol itself reported a failure, so the transport closes the connection
     */
    ListenerGuard(AgentListener target, Runnable onReady, Runnable onProtocolEnd) {
        this.target = target;
        this.onReady = onReady;
        this.onProtocolEnd = onProtocolEnd;
    }

    boolean isReady() {
        return ready;
    }

    boolean isEnded() {
        return ended;
    }

    /** The gateway closed the leg: it wants no further events. */
    void silence() {
        ended = true;
    }

    /** Reports the end of the leg once: {@code onAgentFailed} before ready, {@code onAgentDisconnected} after. */
    void end(AgentFailure failure) {
        if (ended) {
            return;
        }
        ended = true;
        if (ready) {
            target.onAgentDisconnected(failure);
        } else {
            target.onAgentFailed(failure);
        }
    }

    @Override
    public void onAgentReady() {
        if (ready || ended) {
            return;
        }
        ready = true;
        onReady.run();
        target.onAgentReady();
    }

    @Override
    public void onAgentFailed(AgentFailure failure) {
        endByProtocol(failure);
    }

    @Override
    public void onAgentDisconnected(AgentFailure failure) {
        endByProtocol(failure);
    }

    private void endByProtocol(AgentFailure failure) {
        if (ended) {
            return;
        }
        end(failure);
        onProtocolEnd.run();
    }

    @Override
    public void onAgentAudio(ByteBuffer audio) {
        if (live()) {
            target.onAgentAudio(audio);
        }
    }

    @Override
    public void onClear() {
        if (live()) {
            target.onClear();
        }
    }

    @Override
    public void onMark(String name) {
        if (live()) {
            target.onMark(name);
        }
    }

    @Override
    public void onAgentHangup(String reason) {
        if (live()) {
            ended = true;
            target.onAgentHangup(reason);
        }
    }

    /** Drops are facts about the connection: always passed on, whatever the state. */
    @Override
    public void dropped(DropReason reason, long count) {
        target.dropped(reason, count);
    }

    private boolean live() {
        return ready && !ended;
    }
}
