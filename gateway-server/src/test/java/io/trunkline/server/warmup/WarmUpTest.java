package io.trunkline.server.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void roundsStopAtTheBudgetAndAFailingStepIsDroppedNotFatal() {
        AtomicInteger runs = new AtomicInteger();
        Map<String, Runnable> steps = new LinkedHashMap<>();
        steps.put("slow", () -> {
            runs.incrementAndGet();
            long until = System.nanoTime() + 20_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        steps.put("broken", () -> {
            throw new IllegalStateException("no");
        });
        WarmUp.Result result = new WarmUp(steps).run(Duration.ofMillis(100));
        assertTrue(result.rounds() >= 1 && result.rounds() < WarmUp.MAX_ROUNDS, "rounds: " + result.rounds());
        assertTrue(result.took().toMillis() < 1000, "bounded by the budget: " + result.took());
        assertEquals(List.of("broken"), result.failedSteps());
        assertEquals(result.rounds(), runs.get(), "the other step kept running");
    }

    @Test
    void theGateRefusesCallsAndOptionsUntilOpened() {
        AtomicReference<InboundInvite> seen = new AtomicReference<>();
        InboundCallHandler bridge = new InboundCallHandler() {
            @Override
            public CallSignals onInvite(InboundInvite invite, SignallingLeg leg) {
                seen.set(invite);
                return null;
            }

            @Override
            public boolean acceptingCalls() {
                return true;
            }
        };
        ReadinessGate gate = new ReadinessGate(bridge);
        assertFalse(gate.acceptingCalls(), "OPTIONS 503 while starting");
        gate.onInvite(invite(), null);
        assertEquals(EndReason.REJECTED_STARTING, seen.get().rejection(), "refused, and recorded by the bridge");
        assertEquals(503, EndReason.REJECTED_STARTING.unansweredSipStatus());
        gate.open();
        assertTrue(gate.acceptingCalls());
        gate.onInvite(invite(), null);
        assertNotNull(seen.get().media(), "passed on untouched once open");
    }

    private static InboundInvite invite() {
        InetSocketAddress rtp = new InetSocketAddress("127.0.0.1", 40150);
        MediaOffer offer = new MediaOffer(rtp, new InetSocketAddress("127.0.0.1", 40151),
                io.trunkline.core.audio.AudioFormat.PCMU_8K, 0, 101, 20,
                io.trunkline.core.media.MediaDirection.SENDRECV);
        long now = System.nanoTime();
        return new InboundInvite(new CallParties("a@127.0.0.1", "sip:a@127.0.0.1", "sip:b@127.0.0.1", null, null,
                null, null, Map.of()), offer, null, new InetSocketAddress("127.0.0.1", 5070), Instant.now(), now, now);
    }
}
