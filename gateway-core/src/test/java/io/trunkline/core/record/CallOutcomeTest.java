package io.trunkline.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.call.EndReason;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {

    @Test
    void theTrunksFinalStatusNamesTheOutboundOutcome() {
        assertEquals(CallOutcome.BUSY, outcome(486));
        assertEquals(CallOutcome.BUSY, outcome(600));
        assertEquals(CallOutcome.REJECTED, outcome(603));
        assertEquals(CallOutcome.NOT_FOUND, outcome(404));
        assertEquals(CallOutcome.NOT_FOUND, outcome(484));
        assertEquals(CallOutcome.NOT_FOUND, outcome(604));
        assertEquals(CallOutcome.FAILED, outcome(403), "wrong credentials");
        assertEquals(CallOutcome.FAILED, outcome(407), "a second challenge");
        assertEquals(CallOutcome.FAILED, outcome(408));
        assertEquals(CallOutcome.FAILED, outcome(480));
        assertEquals(CallOutcome.FAILED, outcome(503));
        assertEquals(CallOutcome.NO_ANSWER, CallOutcome.of(false, 487, EndReason.NO_ANSWER));
    }

    @Test
    void tagsAreLowerCaseWithDashes() {
        assertEquals("no-answer", CallOutcome.NO_ANSWER.tag());
        assertEquals("not-found", CallOutcome.NOT_FOUND.tag());
        assertEquals("answered", CallOutcome.ANSWERED.tag());
    }

    @Test
    void inboundOutcomesAreUnchanged() {
        assertEquals(CallOutcome.CANCELLED, CallOutcome.of(false, 487, EndReason.CALLER_CANCELLED));
        assertEquals(CallOutcome.REJECTED, CallOutcome.of(false, 503, EndReason.REJECTED_CAPACITY));
        assertEquals(CallOutcome.FAILED, CallOutcome.of(false, 503, EndReason.AGENT_CONNECT_TIMEOUT));
        assertEquals(CallOutcome.ANSWERED, CallOutcome.of(true, 200, EndReason.CALLER_HANGUP));
    }

    private static CallOutcome outcome(int status) {
        return CallOutcome.of(false, status, EndReason.ofTrunkStatus(status));
    }
}
