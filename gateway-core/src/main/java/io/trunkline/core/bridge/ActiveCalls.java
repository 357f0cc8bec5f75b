package io.trunkline.core.bridge;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.observe.ActiveCall;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls admitted and not yet over, by gateway id: found for the call-control API (an unknown id is
 * {@code NOT_FOUND}) or by their agent platform's id, listed oldest first, and ended all at once. Safe from any
 * thread.
 */
final class ActiveCalls {
    private static final Logger LOG = LoggerFactory.getLogger(CallBridge.class); // ending them all is the bridge's act

    private final Map<String, CallHandle> calls = new ConcurrentHashMap<>();

    void add(CallHandle call) {
        calls.put(call.id(), call);
    }

    void remove(String callId) {
        calls.remove(callId);
    }

    /**
     * The active call {@code callId}.
     *
     * @throws CallControlException NOT_FOUND for no such active call
     */
    CallHandle find(String callId) throws CallControlException {
        CallHandle call = callId == null ? null : calls.get(callId);
        if (call == null) {
            throw new CallControlException(CallControlException.Kind.NOT_FOUND, "no active call " + callId);
        }
        return call;
    }

    /** The gateway id of the active call whose agent platform calls it {@code agentCallId}. */
    Optional<String> idForAgentCall(String agentCallId) {
        if (agentCallId == null || agentCallId.isEmpty()) {
            return Optional.empty();
        }
        for (CallHandle call : calls.values()) {
            if (agentCallId.equals(call.agentCallId())) {
                return Optional.of(call.id());
            }
        }
        return Optional.empty();
    }

    /** Snapshots of the active calls, oldest first, taken from this thread. */
    List<ActiveCall> list() {
        return calls.values().stream().map(CallHandle::snapshot)
                .sorted(Comparator.comparing(ActiveCall::startedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Ends every active call for {@code reason}. */
    void endAll(EndReason reason) {
        List<CallHandle> active = List.copyOf(calls.values());
        if (!active.isEmpty()) {
            LOG.info("ending {} active call(s): {}", active.size(), reason.description());
        }
        active.forEach(call -> call.end(reason));
    }
}
