package io.trunkline.ws;

import io.trunkline.core.agent.AgentSession;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the WebSocket endpoint of a new call. A fixed URL for raw agents and the demo agent; an asynchronous REST
 * call for platforms that create the call first (Vapi's {@code POST /call} returns {@code websocketCallUrl}).
 * Must not block: the stage may complete on any thread, the transport hands the result to the call's loop. A stage
 * failed with {@link AgentFailureException} reports that failure as is; any other failure reports UNAVAILABLE.
 */
@FunctionalInterface
public interface AgentEndpointResolver {

    CompletionStage<AgentEndpoint> resolve(AgentSession session);

    /** Every call goes to the same URI. */
    static AgentEndpointResolver fixed(URI uri) {
        return fixed(AgentEndpoint.of(uri));
    }

    /** Every call goes to the same endpoint, with the same upgrade headers. */
    static AgentEndpointResolver fixed(AgentEndpoint endpoint) {
        CompletionStage<AgentEndpoint> done = CompletableFuture.completedFuture(endpoint);
        return session -> done;
    }
}
