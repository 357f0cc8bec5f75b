package io.trunkline.ws.transport;

import io.trunkline.core.agent.AgentFailure;
import java.util.Objects;

/** Carries an {@link AgentFailure} through a failed {@link java.util.concurrent.CompletionStage}. */
public final class EndpointException extends RuntimeException {

    private final transient AgentFailure failure;

    public EndpointException(AgentFailure failure) {
        super(Objects.requireNonNull(failure, "failure").message(), null, false, false);
        this.failure = failure;
    }

    public AgentFailure failure() {
        return failure;
    }
}
