package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.loop.LoopLag;
import io.trunkline.core.loop.LoopLagSource;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.testing.ManualCallLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000_000 * MS);

    @Test
    void rateLimiterLetsABurstThroughThenTheSustainedRate() {
        CallRateLimiter rate = new CallRateLimiter(10, 3, clock::get);
        assertTrue(rate.tryAcquire());
        assertTrue(rate.tryAcquire());
        assertTrue(rate.tryAcquire());
        assertFalse(rate.tryAcquire(), "the burst is spent");
        clock.addAndGet(99 * MS);
        assertFalse(rate.tryAcquire(), "one token takes 100 ms at 10/s");
        clock.addAndGet(MS);
        assertTrue(rate.tryAcquire());
        assertFalse(rate.tryAcquire());
        clock.addAndGet(60_000 * MS);
        for (int i = 0; i < 3; i++) {
            assertTrue(rate.tryAcquire(), "refilled up to the burst");
        }
        assertFalse(rate.tryAcquire(), "never beyond the burst, however long idle");
    }

    @Test
    void loopLagSmoothsOneStallAwayButFollowsSustainedLateness() {
        long period = 10 * MS;
        LoopLag lag = new LoopLag(period, clock.get());
        clock.addAndGet(period);
        lag.tick(clock.get());
        assertEquals(0, lag.lagNanos(clock.get()), "on time");
        clock.addAndGet(period + 50 * MS); // one 50 ms stall
        lag.tick(clock.get());
        assertTrue(lag.lagNanos(clock.get()) < 5 * MS, "one stall barely counts: " + lag.lagNanos(clock.get()));
        for (int i = 0; i < 30; i++) { // then 3 s of 90 ms lateness at every run
            clock.addAndGet(period + 90 * MS);
            lag.tick(clock.get());
        }
        assertTrue(lag.lagNanos(clock.get()) > 80 * MS, "sustained lateness is seen: " + lag.lagNanos(clock.get()));
        for (int i = 0; i < 500; i++) { // 5 s on time again
            clock.addAndGet(period);
            lag.tick(clock.get());
        }
        assertTrue(lag.lagNanos(clock.get()) < 2 * MS, "recovered: " + lag.lagNanos(clock.get()));
    }

    @Test
    void aStuckLoopIsSeenBeforeItsProbeRunsAgain() {
        long period = 10 * MS;
        LoopLag lag = new LoopLag(period, clock.get());
        clock.addAndGet(period);
        lag.tick(clock.get());
        assertEquals(0, lag.lagNanos(clock.get() + period / 2), "not yet due");
        assertTrue(lag.lagNanos(clock.get() + 3000 * MS) > 2000 * MS, "stuck for 3 s");
    }

    @Test
    void admissionChecksDrainOverloadRateAndCapacityInThatOrder() {
        AtomicLong lagNanos = new AtomicLong();
        Admission admission = new Admission(2, new CallRateLimiter(1, 2, clock::get),
                new OverloadGuard(fixedLag(lagNanos), Duration.ofMillis(20), clock::get));
        lagNanos.set(50 * MS);
        assertEquals(EndReason.REJECTED_OVERLOAD, admission.tryAdmit());
        lagNanos.set(0);
        assertNull(admission.tryAdmit());
        assertNull(admission.tryAdmit());
        assertEquals(EndReason.REJECTED_RATE, admission.tryAdmit(), "burst of 2 at 1/s spent");
        clock.addAndGet(1000 * MS);
        assertEquals(EndReason.REJECTED_CAPACITY, admission.tryAdmit());
        admission.release();
        clock.addAndGet(1000 * MS);
        assertNull(admission.tryAdmit());
        admission.startDraining();
        assertEquals(EndReason.REJECTED_DRAINING, admission.tryAdmit());
        assertEquals(2, admission.active());
    }

    @Test
    void everyRefusalIsA503WithRetryAfterAndARecord() {
        ManualCallLoop loop = new ManualCallLoop();
        Fakes.Media media = new Fakes.Media();
        List<CallRecord> records = new ArrayList<>();
        AtomicLong lagNanos = new AtomicLong();
        CallConfig config = new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
                Duration.ofHours(1), 7, Duration.ofSeconds(30), 1000, 1, 1, Duration.ofMillis(20),
                Duration.ofMinutes(30), Duration.ofSeconds(90));
        CallBridge bridge = new CallBridge(config, () -> loop, media,
                AgentRouter.single(new Fakes.Agent(), AgentConfig.DEFAULTS), records::add,
                io.trunkline.core.bridge.CallObserver.NONE, io.trunkline.core.config.AttributionThresholds.DEFAULTS,
                fixedLag(lagNanos));

        lagNanos.set(30 * MS);
        Fakes.Signalling overloaded = new Fakes.Signalling();
        bridge.onInvite(invite(), overloaded);
        lagNanos.set(0);
        media.exhausted = true;
        Fakes.Signalling noPorts = new Fakes.Signalling();
        bridge.onInvite(invite(), noPorts); // takes the one token
        loop.runPending();
        media.exhausted = false;
        Fakes.Signalling tooFast = new Fakes.Signalling();
        bridge.onInvite(invite(), tooFast);
        loop.runPending();

        for (Fakes.Signalling refused : List.of(overloaded, noPorts, tooFast)) {
            assertEquals(503, refused.rejectStatus);
            assertEquals(7, refused.retryAfter, "Retry-After on every 503");
        }
        assertEquals(List.of(EndReason.REJECTED_OVERLOAD, EndReason.REJECTED_PORTS, EndReason.REJECTED_RATE),
                records.stream().map(CallRecord::endReason).toList());
        assertEquals(0, bridge.activeCalls());
    }

    @Test
    void anExpiredSessionAndAMissingAckEndTheCallWithByeAndARecord() {
        ManualCallLoop loop = new ManualCallLoop();
        Fakes.Agent agent = new Fakes.Agent();
        List<CallRecord> records = new ArrayList<>();
        CallBridge bridge = new CallBridge(CallConfig.DEFAULTS, () -> loop, new Fakes.Media(),
                AgentRouter.single(agent, AgentConfig.DEFAULTS), records::add);
        for (EndReason reason : List.of(EndReason.SESSION_EXPIRED, EndReason.SESSION_REFRESH_FAILED,
                EndReason.NO_ACK)) {
            Fakes.Signalling sip = new Fakes.Signalling();
            var signals = bridge.onInvite(invite(), sip);
            loop.runPending();
            agent.ready();
            loop.runPending();
            if (reason == EndReason.SESSION_EXPIRED) {
                signals.onSessionExpired();
                signals.onSessionExpired(); // a late second report changes nothing
            } else if (reason == EndReason.SESSION_REFRESH_FAILED) {
                signals.onSessionRefreshFailed();
                signals.onSessionExpired(); // the first reason counts
            } else {
                signals.onAckTimeout();
            }
            loop.runPending();
            assertEquals(List.of("180", "200", "BYE"), sip.events);
            assertEquals(reason, sip.hangupReason);
            assertEquals(reason, records.get(records.size() - 1).endReason());
        }
        assertEquals(3, records.size());
        assertEquals(0, bridge.activeCalls());
    }

    /** Loops late by {@code lagNanos}, by both measures. */
    static LoopLagSource fixedLag(AtomicLong lagNanos) {
        return new LoopLagSource() {
            @Override
            public long maxLagNanos(long nowNanos) {
                return lagNanos.get();
            }

            @Override
            public long sustainedLagNanos(long nowNanos) {
                return lagNanos.get();
            }
        };
    }

    private static InboundInvite invite() {
        CallParties parties = new CallParties("abc@10.0.0.1", "sip:+15550001@carrier", "sip:+15550002@gw",
                "CA123", "AC456", null, null, Map.of());
        MediaOffer offer = new MediaOffer(new InetSocketAddress("127.0.0.1", 40150),
                new InetSocketAddress("127.0.0.1", 40151), AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        long now = System.nanoTime();
        return new InboundInvite(parties, offer, null, new InetSocketAddress("127.0.0.1", 5070), Instant.now(),
                now, now + 1000);
    }
}
