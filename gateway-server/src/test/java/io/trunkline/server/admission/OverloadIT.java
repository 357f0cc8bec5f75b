package io.trunkline.server.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.UacSteps;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Admission under pressure, over loopback with the embedded demo agent: while an event loop runs late, a new
 * INVITE gets 503 with Retry-After (reason overload) and the call already up keeps its media; INVITEs faster than
 * the configured rate, or with no RTP port pair left, get 503 with Retry-After too, each counted by its reason.
 */
class OverloadIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long MAX_LAG_NANOS = 20_000_000;

    private static RunningGateway start(int callsPerSecond, int burst, long maxLagNanos) throws Exception {
        return start(callsPerSecond, burst, maxLagNanos, 100);
    }

    private static RunningGateway start(int callsPerSecond, int burst, long maxLagNanos, int rtpPorts)
            throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(47000, 1500), rtpPorts),
                AgentConfig.DEFAULTS,
                new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 3,
                        Duration.ofSeconds(5), 10_000, callsPerSecond, burst, Duration.ofNanos(maxLagNanos),
                        Duration.ofMinutes(30), Duration.ofSeconds(90)),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        return RunningGateway.start(config, System.getenv());
    }

    @Test
    void aLateLoopRefusesNewCallsWhileTheActiveCallKeepsItsMedia() throws Exception {
        try (RunningGateway gw = start(200, 400, MAX_LAG_NANOS); CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            Await.until(WAIT, "the loops to keep time", () -> sustained(gw) < MAX_LAG_NANOS);
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            String activeCall = uac.callId();
            rtp.start(Sdp.audioAddress(ok.body()), true);
            // 2 s of media: the lag probes (which start 1 s after the loops) are running by then.
            Await.until(WAIT, "media from the gateway", () -> rtp.receivedCount() >= 100);
            Await.until(WAIT, "the loops to keep time", () -> sustained(gw) < MAX_LAG_NANOS);

            // Keep every loop late for 2.5 s: 100 ms of busy work at a time (bounded, as stuck handlers would),
            // so that the probe in between runs about 100 ms late each time. The INVITE arrives while they are.
            AtomicBoolean[] done = new AtomicBoolean[gw.gateway().loops().callLoops().size()];
            long busyUntil = System.nanoTime() + 2_500_000_000L;
            for (int i = 0; i < done.length; i++) {
                AtomicBoolean flag = done[i] = new AtomicBoolean();
                busy(gw.gateway().loops().callLoops().get(i), busyUntil, flag);
            }
            Await.until(WAIT, "the probes to see sustained lateness", () -> sustained(gw) > MAX_LAG_NANOS);
            long lagMs = sustained(gw) / 1_000_000;

            TestUac second = gw.uac();
            try (second) {
                second.inviteSdp(Sdp.pcmuOffer(rtp.port() + 2));
                SipMsg busy = second.awaitResponse(503, "INVITE");
                assertEquals("3", busy.header("Retry-After"), "Retry-After on the overload 503");
                UacSteps.ackFailure(second);
                CallRecord refused = gw.awaitRecord(second.callId());
                assertEquals(EndReason.REJECTED_OVERLOAD, refused.endReason());
                Await.until(WAIT, "the busy work to end",
                        () -> java.util.Arrays.stream(done).allMatch(AtomicBoolean::get));
                double gaugeSeconds = Gauge.class.cast(gw.gateway().registry().find(GatewayMeters.LOOP_LAG).gauge())
                        .value();

                // Once the loops keep time again, calls are admitted again.
                long lateUntil = System.nanoTime();
                Await.until(WAIT, "the loops to keep time", () -> sustained(gw) < MAX_LAG_NANOS);
                long recoveryMs = (System.nanoTime() - lateUntil) / 1_000_000;
                second.newCall();
                second.inviteSdp(Sdp.pcmuOffer(rtp.port() + 2));
                second.awaitResponse(200, "INVITE");
                second.ack(true);
                second.bye();
                second.awaitResponse(200, "BYE");

                // The active call was not degraded: its media kept flowing and it ends normally.
                int before = rtp.receivedCount();
                Await.until(WAIT, "media still flowing on the active call", () -> rtp.receivedCount() >= before + 25);
                uac.bye();
                uac.awaitResponse(200, "BYE");
                CallRecord active = gw.awaitRecord(activeCall);
                assertEquals(EndReason.CALLER_HANGUP, active.endReason());
                assertTrue(active.inbound().packets() > 50, active.inbound().toString());
                gw.awaitIdle();
                assertTrue(gaugeSeconds > MAX_LAG_NANOS / 1e9, "gateway.loop.lag showed the lag: " + gaugeSeconds);
                report("overload", "loops busy for 2.5 s: sustained lag seen " + lagMs + " ms (gauge "
                        + Math.round(gaugeSeconds * 1000) + " ms), INVITE refused 503 Retry-After 3, admitted again "
                        + recoveryMs
                        + " ms later; active call kept " + active.inbound().packets() + " packets in");
            }
        }
    }

    @Test
    void invitesAboveTheCallRateGet503WithRetryAfter() throws Exception {
        try (RunningGateway gw = start(1, 1, 0); CallerRtp rtp = new CallerRtp(); TestUac uac = gw.uac();
                TestUac tooSoon = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            tooSoon.inviteSdp(Sdp.pcmuOffer(rtp.port() + 2)); // within the same second: no token left
            SipMsg busy = tooSoon.awaitResponse(503, "INVITE");
            assertEquals("3", busy.header("Retry-After"));
            UacSteps.ackFailure(tooSoon);
            assertEquals(EndReason.REJECTED_RATE, gw.awaitRecord(tooSoon.callId()).endReason());
            double rejected = gw.gateway().registry().find(GatewayMeters.CALLS_REJECTED)
                    .tag("reason", "rejected-rate").counter().count();
            assertEquals(1.0, rejected, "counted by reason");
            uac.bye();
            uac.awaitResponse(200, "BYE");
            assertEquals(EndReason.CALLER_HANGUP, gw.awaitRecord(uac.callId()).endReason());
            gw.awaitIdle();
        }
    }

    @Test
    void noFreeRtpPortPairGets503WithRetryAfter() throws Exception {
        try (RunningGateway gw = start(200, 400, 0, 2); CallerRtp rtp = new CallerRtp(); TestUac uac = gw.uac();
                TestUac noPorts = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port())); // takes the only port pair
            uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            noPorts.inviteSdp(Sdp.pcmuOffer(rtp.port() + 2));
            SipMsg busy = noPorts.awaitResponse(503, "INVITE");
            assertEquals("3", busy.header("Retry-After"));
            UacSteps.ackFailure(noPorts);
            assertEquals(EndReason.REJECTED_PORTS, gw.awaitRecord(noPorts.callId()).endReason());
            assertEquals(1.0, gw.gateway().registry().find(GatewayMeters.CALLS_REJECTED)
                    .tag("reason", "rejected-ports").counter().count(), "counted by reason");
            uac.bye();
            uac.awaitResponse(200, "BYE");
            gw.awaitIdle();
        }
    }

    /** What the overload guard acts on. */
    private static long sustained(RunningGateway gw) {
        return gw.gateway().loops().sustainedLagNanos(System.nanoTime());
    }

    private static void report(String test, String figures) {
        System.out.println("[OverloadIT] " + test + ": " + figures);
    }

    /** Runs 100 ms of busy work on {@code loop}, again and again, until {@code until}; then sets {@code done}. */
    private static void busy(io.trunkline.core.loop.CallLoop loop, long until, AtomicBoolean done) {
        loop.execute(() -> {
            long chunkEnd = Math.min(until, System.nanoTime() + 100_000_000L);
            while (System.nanoTime() - chunkEnd < 0) {
                Thread.onSpinWait();
            }
            if (System.nanoTime() - until < 0) {
                busy(loop, until, done);
            } else {
                done.set(true);
            }
        });
    }
}
