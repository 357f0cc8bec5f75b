package io.trunkline.sip.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import org.junit.jupiter.api.Test;

/** When the CANCEL of an unanswered INVITE leaves: once, and never before a provisional response. */
class InviteCancelTest {
    private final InviteCancel cancel = new InviteCancel(null, "c1");

    @Test
    void aHangupBeforeAnyProvisionalResponseWaitsForTheFirst() {
        assertFalse(cancel.hangup(EndReason.NO_ANSWER, false), "no CANCEL before a provisional response");
        assertTrue(cancel.wanted());
        assertEquals(EndReason.NO_ANSWER, cancel.reason());

        assertTrue(cancel.provisionalReceived(), "the first provisional response sends it");
        assertFalse(cancel.provisionalReceived(), "the next ones do not send it again");
    }

    @Test
    void aHangupWhileProceedingCancelsAtOnceAndOnlyOnce() {
        assertTrue(cancel.hangup(EndReason.NO_ANSWER, true));
        assertFalse(cancel.hangup(EndReason.SHUTDOWN, true), "a second hang-up sends no second CANCEL");
        assertFalse(cancel.provisionalReceived());
        assertEquals(EndReason.SHUTDOWN, cancel.reason(), "the last reason names the BYE of a crossing 2xx");
    }

    @Test
    void withoutAHangupNothingIsCancelled() {
        assertFalse(cancel.provisionalReceived());
        assertFalse(cancel.wanted());
        assertNull(cancel.reason());
    }
}
