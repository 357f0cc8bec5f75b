package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.CallRecord;

/**
 * Call-level events from the call bridge, for metrics. Called on call loops (and, for refusals, possibly on SIP
 * listener threads): implementations must be cheap, thread-safe and never block. Every method has an empty
 * default, so {@link #NONE} costs nothing.
 *
 * <p>Arguments are bounded values only (agent kind, failure kind, end reason): never a call id or a number, so an
 * implementation may use them as metric tags directly.
 */
public interface CallObserver extends DropObserver {

    /** Observes nothing. */
    CallObserver NONE = new CallObserver() {
    };

    /** An INVITE was refused before any resource was taken (capacity, drain, codec, ports, malformed). */
    default void callRejected(EndReason reason) {
    }

    /**
     * One conversational turn: the caller stopped speaking and the agent started, {@code nanos} later (see
     * {@code TurnTracker}).
     */
    default void turnLatency(String agentKind, long nanos) {
    }

    /** The agent's queued audio was dropped because the caller started speaking over it. */
    default void bargeIn(String agentKind) {
    }

    /** The agent connection failed or broke, before or after the call was answered. */
    default void agentError(String agentKind, AgentFailure.Kind kind) {
    }

    /**
     * Media of some call was dropped (see {@link DropReason}); each drop arrives here once, after the call's own
     * tally counted it. Called on call loops.
     */
    @Override
    default void dropped(DropReason reason, long count) {
    }

    /**
     * A transfer to a human ended: {@code mode} {@code refer} or {@code bridge}; {@code outcome} {@code transferred},
     * {@code refused}, {@code failed}, {@code timeout} or {@code abandoned}.
     */
    default void transferEnded(String mode, String outcome) {
    }

    /** A call is over, whatever its outcome; its record is complete. */
    default void callEnded(CallRecord record) {
    }
}
