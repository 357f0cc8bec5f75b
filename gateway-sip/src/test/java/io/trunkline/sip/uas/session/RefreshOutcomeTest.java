package io.trunkline.sip.uas.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.sip.uas.session.RefreshOutcome.Action;
import org.junit.jupiter.api.Test;

class RefreshOutcomeTest {
    private static final long REMAINING = 900_000; // half of 1800 s left when the refresh is answered

    private static RefreshOutcome decide(String method, int status) {
        return RefreshOutcome.decide(method, status, -1, -1, 1800, REMAINING, 1, 700);
    }

    @Test
    void a2xxRefreshes() {
        assertEquals(Action.REFRESHED, decide("UPDATE", 200).action());
        assertEquals(Action.REFRESHED, decide("INVITE", 202).action());
    }

    @Test
    void aLostDialogOrPeerEndsTheCall() {
        assertEquals(Action.END, decide("INVITE", 481).action());
        assertEquals(Action.END, decide("UPDATE", 408).action());
        assertEquals("INVITE refresh answered 481", decide("INVITE", 481).detail());
        assertEquals(Action.END, RefreshOutcome.unanswered("INVITE").action());
    }

    @Test
    void a422IsRetriedAtOnceWithTheLargerMinSe() {
        RefreshOutcome o = RefreshOutcome.decide("INVITE", 422, 3600, -1, 1800, REMAINING, 1, 0);
        assertEquals(Action.RETRY_NOW, o.action());
        assertEquals(3600, o.seconds());
        // A Min-SE that is not larger cannot help: the refresh is retried later like any refusal.
        assertEquals(Action.RETRY_LATER, RefreshOutcome.decide("INVITE", 422, 1800, -1, 1800, REMAINING, 1, 0)
                .action());
        assertEquals(Action.RETRY_LATER, RefreshOutcome.decide("INVITE", 422, -1, -1, 1800, REMAINING, 1, 0)
                .action(), "422 without Min-SE");
    }

    @Test
    void anUpdateRefusedFallsBackToReInvite() {
        assertEquals(Action.RETRY_WITH_REINVITE, decide("UPDATE", 405).action());
        assertEquals(Action.RETRY_WITH_REINVITE, decide("UPDATE", 501).action());
        assertEquals(Action.RETRY_LATER, decide("INVITE", 405).action(), "a re-INVITE has nothing to fall back to");
    }

    @Test
    void glareWaitsTheRandomDelay() {
        RefreshOutcome o = decide("INVITE", 491);
        assertEquals(Action.RETRY_LATER, o.action());
        assertEquals(700, o.delayMillis());
    }

    @Test
    void otherRefusalsAreRetriedWithinTheSession() {
        RefreshOutcome o = decide("INVITE", 500);
        assertEquals(Action.RETRY_LATER, o.action());
        assertEquals(REMAINING / 2, o.delayMillis(), "half the time left, as the first refresh came at half");
        RefreshOutcome later = RefreshOutcome.decide("INVITE", 503, -1, 30, 1800, REMAINING, 1, 0);
        assertEquals(30_000, later.delayMillis(), "Retry-After is honoured");
        assertEquals(Action.AWAIT_EXPIRY, RefreshOutcome.decide("INVITE", 503, -1, 3600, 1800, REMAINING, 1, 0)
                .action(), "a Retry-After beyond the expiry leaves the call to end when the session expires");
        assertEquals(Action.AWAIT_EXPIRY, RefreshOutcome.decide("INVITE", 500, -1, -1, 1800, 1500, 1, 0).action(),
                "no time left for another try");
    }

    @Test
    void retriesAreBounded() {
        int last = RefreshOutcome.MAX_ATTEMPTS;
        assertEquals(Action.AWAIT_EXPIRY, RefreshOutcome.decide("INVITE", 422, 3600, -1, 1800, REMAINING, last, 0)
                .action());
        assertEquals(Action.AWAIT_EXPIRY, RefreshOutcome.decide("UPDATE", 405, -1, -1, 1800, REMAINING, last, 0)
                .action());
        assertEquals(Action.AWAIT_EXPIRY, RefreshOutcome.decide("INVITE", 491, -1, -1, 1800, REMAINING, last, 0)
                .action());
        assertEquals(Action.END, RefreshOutcome.decide("INVITE", 481, -1, -1, 1800, REMAINING, last, 0).action());
    }
}
