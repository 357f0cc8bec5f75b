package io.trunkline.ws.transport;

import io.trunkline.core.agent.AgentSession;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the WebSocket endpoint of a new call. A fixed URL for raw agents and the demo agent; an asynchronous REST
 * call for platforms that create the call first (Vapi's {@code POST /call} returns {@code websocketCallUrl}).
 * Must not block: the stage may complete on any thread, the transport hands the result to the call's loop. A stage
 * failed with {@link EndpointException} reports that failure as is; any other failure reports UNAVAILABLE.
 */
@FunctionalInterface
public interface EndpointResolver {

    CompletionStage<Endpoint> resolve(AgentSession session);

    /** Every call goes to the same URI. */
    static EndpointResolver fixed(URI uri) {
        return fixed(Endpoint.of(uri));
    }

    /** Every call goes to the same endpoint, with the same upgrade headers. */
    static EndpointResolver fixed(Endpoint endpoint) {
        CompletionStage<Endpoint> done = CompletableFuture.completedFuture(endpoint);
        return session -> done;
    }
}
