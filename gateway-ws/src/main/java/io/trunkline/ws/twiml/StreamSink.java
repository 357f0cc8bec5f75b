package io.trunkline.ws.twiml;

import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.observe.DropReason;
import java.nio.ByteBuffer;

/**
 * What one {@code <Stream>}'s leg says: media, marks, clears and transfer requests go straight to the call while the
 * stream is the current one; its readiness, end and failure go to the {@link StreamPhase}, which decides. Drops always pass.
 * Confined to the call's loop.
 */
final class StreamSink implements AgentEvents {

    /** The stream phase's side. */
    interface Owner {
        /** Whether {@code sink} belongs to the stream the call uses now (a replaced stream is ignored). */
        boolean current(StreamSink sink);

        /** The call's own events. */
        AgentEvents call();

        void streamReady(ConnectPhases phases);

        void streamEnded(String reason);

        void streamFailed(AgentFailure failure);
    }

    private final Owner owner;

    StreamSink(Owner owner) {
        this.owner = owner;
    }

    @Override
    public void identified(String agentCallId) {
        if (owner.current(this)) {
            owner.call().identified(agentCallId);
        }
    }

    @Override
    public void ready(ConnectPhases phases) {
        if (owner.current(this)) {
            owner.streamReady(phases);
        }
    }

    @Override
    public void audio(ByteBuffer audio) {
        if (owner.current(this)) {
            owner.call().audio(audio);
        }
    }

    @Override
    public void clear() {
        if (owner.current(this)) {
            owner.call().clear();
        }
    }

    @Override
    public void mark(String name) {
        if (owner.current(this)) {
            owner.call().mark(name);
        }
    }

    @Override
    public void hangup(String reason) {
        if (owner.current(this)) {
            owner.streamEnded(reason);
        }
    }

    @Override
    public void transferRequested(TransferRequest request) {
        if (owner.current(this)) {
            owner.call().transferRequested(request);
        }
    }

    @Override
    public void failed(AgentFailure failure) {
        if (owner.current(this)) {
            owner.streamFailed(failure);
        }
    }

    @Override
    public void dropped(DropReason reason, long count) {
        owner.call().dropped(reason, count);
    }
}
