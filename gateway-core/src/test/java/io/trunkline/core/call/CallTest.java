package io.trunkline.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallTest {

    @Test
    void followsTheHappyPath() {
        Call call = new Call("c-1");
        call.moveTo(CallState.CONNECTING_AGENT);
        call.moveTo(CallState.ANSWERED);
        assertTrue(call.endFor(EndReason.CALLER_HANGUP));
        call.moveTo(CallState.ENDING);
        call.moveTo(CallState.ENDED);
        assertEquals(CallState.ENDED, call.state());
        assertEquals(EndedBy.CALLER, call.endedBy());
    }

    @Test
    void rejectsIllegalTransitions() {
        Call call = new Call("c-1");
        assertThrows(IllegalCallTransitionException.class, () -> call.moveTo(CallState.ANSWERED));
        call.moveTo(CallState.REJECTED);
        for (CallState target : CallState.values()) {
            assertThrows(IllegalCallTransitionException.class, () -> call.moveTo(target),
                    "terminal state must not move to " + target);
        }
    }

    @Test
    void theFirstEndReasonWins() {
        Call call = new Call("c-1");
        assertTrue(call.endFor(EndReason.AGENT_HANGUP));
        assertFalse(call.endFor(EndReason.CALLER_HANGUP));
        assertEquals(EndReason.AGENT_HANGUP, call.endReason());
        assertEquals(EndedBy.AGENT, call.endedBy());
    }

    @Test
    void everyStateReachesATerminalState() {
        for (CallState s : CallState.values()) {
            assertTrue(s.isTerminal() || reachesTerminal(s, 0), s + " cannot end");
        }
    }

    private static boolean reachesTerminal(CallState s, int depth) {
        if (s.isTerminal()) {
            return true;
        }
        if (depth > CallState.values().length) {
            return false;
        }
        for (CallState next : CallState.values()) {
            if (s.canMoveTo(next) && reachesTerminal(next, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void unansweredStatusesFollowTheReason() {
        assertEquals(487, EndReason.CALLER_CANCELLED.unansweredSipStatus());
        assertEquals(503, EndReason.REJECTED_CAPACITY.unansweredSipStatus());
        assertEquals(488, EndReason.REJECTED_CODEC.unansweredSipStatus());
        assertEquals(480, EndReason.CALLER_HANGUP.unansweredSipStatus());
    }
}
