package io.trunkline.ws.transport;

import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.observe.DropReason;
import java.nio.ByteBuffer;

/**
 * The one way out of a leg: the transport and the protocol both emit into it, and it passes everything on to the
 * call's sink, in one direction, keeping the {@link AgentEvents} promise: exactly one terminal event (hang-up or
 * failure), nothing after it, and nothing at all once the call closed the leg. Drops are facts about the
 * connection and always pass. Loop-confined.
 */
final class LegEvents implements AgentEvents {

    private final AgentEvents call;
    private boolean ended;

    LegEvents(AgentEvents call) {
        this.call = call;
    }

    /** The call closed the leg: it wants no further events. */
    void close() {
        ended = true;
    }

    /** A null id (the platform has none) is not reported. */
    @Override
    public void identified(String agentCallId) {
        if (!ended && agentCallId != null) {
            call.identified(agentCallId);
        }
    }

    @Override
    public void ready(ConnectPhases phases) {
        if (!ended) {
            call.ready(phases);
        }
    }

    @Override
    public void audio(ByteBuffer audio) {
        if (!ended) {
            call.audio(audio);
        }
    }

    @Override
    public void clear() {
        if (!ended) {
            call.clear();
        }
    }

    @Override
    public void mark(String name) {
        if (!ended) {
            call.mark(name);
        }
    }

    @Override
    public void transferRequested(TransferRequest request) {
        if (!ended) {
            call.transferRequested(request);
        }
    }

    @Override
    public void hangup(String reason) {
        if (!ended) {
            ended = true;
            call.hangup(reason);
        }
    }

    @Override
    public void failed(AgentFailure failure) {
        if (!ended) {
            ended = true;
            call.failed(failure);
        }
    }

    @Override
    public void dropped(DropReason reason, long count) {
        call.dropped(reason, count);
    }
}
