package io.trunkline.core.call;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of one call. {@code OFFERED → CONNECTING_AGENT → ANSWERED → ENDING → ENDED} is the happy path;
 * {@code REJECTED} (refused before any work, e.g. capacity or codec) and {@code FAILED} (setup started but
 * could not complete, e.g. the agent never connected) are the failure exits. A call that is cancelled or torn down
 * before answer goes through {@code ENDING} like any other.
 */
public enum CallState {
    OFFERED,
    CONNECTING_AGENT,
    ANSWERED,
    ENDING,
    ENDED,
    REJECTED,
    FAILED;

    private Set<CallState> next;

    static {
        OFFERED.next = EnumSet.of(CONNECTING_AGENT, REJECTED, ENDING);
        CONNECTING_AGENT.next = EnumSet.of(ANSWERED, FAILED, ENDING);
        ANSWERED.next = EnumSet.of(ENDING);
        ENDING.next = EnumSet.of(ENDED);
        ENDED.next = EnumSet.noneOf(CallState.class);
        REJECTED.next = EnumSet.noneOf(CallState.class);
        FAILED.next = EnumSet.noneOf(CallState.class);
    }

    public boolean canMoveTo(CallState target) {
        return next.contains(target);
    }

    public boolean isTerminal() {
        return next.isEmpty();
    }
}
