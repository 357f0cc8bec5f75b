package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.ManualCallLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialPacerTest {
    private final ManualCallLoop loop = new ManualCallLoop();
    private final List<Long> dialledAt = new ArrayList<>();

    private Runnable dial() {
        return () -> dialledAt.add(loop.nanoTime() / 1_000_000);
    }

    @Test
    void twentyRequestsAtTwoPerSecondGoOutEveryHalfSecondInOrderNoneLost() {
        DialPacer pacer = new DialPacer(2, 50, loop, loop::nanoTime);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            assertTrue(pacer.submit(() -> {
                order.add(n);
                dialledAt.add(loop.nanoTime() / 1_000_000);
            }));
        }
        assertEquals(1, dialledAt.size(), "the first at once");
        assertEquals(19, pacer.waiting());
        loop.advanceMillis(10_000);
        assertEquals(20, dialledAt.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i * 500L, dialledAt.get(i), "dial " + i);
            assertEquals(i, order.get(i));
        }
        assertEquals(0, pacer.waiting());
        assertEquals(0, loop.pendingTimers(), "no timer once the queue is empty");
    }

    @Test
    void aFullQueueRefusesAndTheSlotComesBackAfterAQuietSpell() {
        DialPacer pacer = new DialPacer(1, 2, loop, loop::nanoTime);
        assertTrue(pacer.submit(dial()));
        assertTrue(pacer.submit(dial()));
        assertTrue(pacer.submit(dial()));
        assertFalse(pacer.submit(dial()), "two already wait");
        loop.advanceMillis(2_000);
        assertEquals(List.of(0L, 1000L, 2000L), dialledAt);
        loop.advanceMillis(5_000);
        assertTrue(pacer.submit(dial()));
        assertEquals(7000L, dialledAt.get(3), "idle long enough: at once");
        assertTrue(pacer.submit(dial()));
        assertEquals(4, dialledAt.size(), "but not twice in one interval");
        loop.advanceMillis(1_000);
        assertEquals(8000L, dialledAt.get(4));
    }
}
