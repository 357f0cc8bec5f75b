package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.sip.uas.DialogState.State;
import org.junit.jupiter.api.Test;

class DialogStateTest {
    @Test
    void theInviteGetsOneFinalResponseWhateverComesFirst() {
        DialogState cancelledFirst = new DialogState();
        assertTrue(cancelledFirst.endEarly(), "CANCEL chooses the 487");
        assertFalse(cancelledFirst.answer(), "no 200 after the 487");
        assertFalse(cancelledFirst.endEarly(), "no second rejection");

        DialogState answeredFirst = new DialogState();
        assertTrue(answeredFirst.answer());
        assertFalse(answeredFirst.endEarly(), "a CANCEL after the 200 changes nothing");
        assertEquals(State.ANSWERED, answeredFirst.current());
    }

    @Test
    void ringingIsSentOnceAndOnlyBeforeTheAnswer() {
        DialogState d = new DialogState();
        assertTrue(d.ring());
        assertFalse(d.ring());
        DialogState answered = new DialogState();
        answered.answer();
        assertFalse(answered.ring());
    }

    @Test
    void theFirstAckConfirmsAndIsReportedOnce() {
        DialogState d = new DialogState();
        assertFalse(d.ack(), "no ACK before an answer");
        d.answer();
        assertTrue(d.established());
        assertTrue(d.ack());
        assertEquals(State.CONFIRMED, d.current());
        assertFalse(d.ack(), "a retransmitted ACK is not reported again");
        assertFalse(d.ackTimedOut(), "an acknowledged 200 cannot time out");
    }

    @Test
    void anAckTimeoutIsReportedOnce() {
        DialogState d = new DialogState();
        assertFalse(d.ackTimedOut(), "nothing to acknowledge before the answer");
        d.answer();
        assertTrue(d.ackTimedOut());
        assertFalse(d.ackTimedOut());
    }

    @Test
    void ourByeEndsTheDialogWhenItCompletesOnce() {
        DialogState d = new DialogState();
        d.answer();
        assertEquals(State.ANSWERED, d.hangUp());
        assertEquals(State.BYE_SENT, d.current());
        assertFalse(d.established(), "no refresh or re-INVITE while our BYE is out");
        assertNull(d.byeReceived(), "the caller's BYE crossing ours leaves the end to our BYE's answer");
        assertTrue(d.byeCompleted());
        assertFalse(d.byeCompleted(), "answer, timeout and termination report it once");
        assertEquals(State.ENDED, d.current());
    }

    @Test
    void theCallersByeEndsAnEarlyOrEstablishedDialog() {
        DialogState early = new DialogState();
        assertEquals(State.EARLY, early.byeReceived());
        assertEquals(State.ENDED, early.current());
        assertNull(early.byeReceived());

        DialogState confirmed = new DialogState();
        confirmed.answer();
        confirmed.ack();
        assertEquals(State.CONFIRMED, confirmed.byeReceived());
        assertEquals(State.ENDED, confirmed.hangUp(), "hanging up an ended call does nothing");
        assertEquals(State.ENDED, confirmed.current());
    }
}
