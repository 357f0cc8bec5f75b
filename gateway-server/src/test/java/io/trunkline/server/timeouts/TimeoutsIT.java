package io.trunkline.server.timeouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own timers, over loopback with the embedded demo agent: a missing ACK, a caller gone silent, the
 * maximum call duration and RFC 4028 session timers each end the call with BYE (with a Reason) and a record; the
 * figures printed are measured here.
 */
class TimeoutsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Settings of one gateway under test. */
    private record Timers(Duration inactivity, Duration maxDuration, Duration sessionExpires, Duration minSe) {
        static Timers defaults() {
            return new Timers(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30),
                    Duration.ofSeconds(90));
        }
    }

    private static RunningGateway start(Timers t) throws Exception {
        int rtpBase = LoopbackConfig.randomRtpBase(46000, 1500);
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                new RtpConfig("127.0.0.1", null, rtpBase, rtpBase + 99, true, t.inactivity(), 60_000, 2),
                AgentConfig.DEFAULTS,
                new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), t.maxDuration(), 5,
                        Duration.ofSeconds(5), 10_000, 200, 400, Duration.ZERO, t.sessionExpires(), t.minSe()),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        return RunningGateway.start(config, System.getenv());
    }

    private static TestUac uac(RunningGateway gw, StampedTransport[] stamps) throws Exception {
        stamps[0] = new StampedTransport(new UdpTransport(gw.sipPort()));
        return new TestUac(stamps[0], gw.sipPort());
    }

    // ---- no ACK ---------------------------------------------------------------------------------------------

    @Test
    void missingAckRetransmits200WithBackoffThenHangsUp() throws Exception {
        StampedTransport[] stamps = new StampedTransport[1];
        try (RunningGateway gw = start(Timers.defaults()); CallerRtp rtp = new CallerRtp();
                TestUac uac = uac(gw, stamps)) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            SipMsg answer = uac.awaitResponse(200, "INVITE"); // and never ACK it
            // Media flows, so that only the missing ACK (not the 30 s RTP inactivity timeout) ends the call.
            rtp.start(Sdp.audioAddress(answer.body()), true);
            String callId = uac.callId();
            SipMsg bye = Await.value(Duration.ofSeconds(45), "BYE after the missing ACK",
                    () -> uac.all(m -> !m.isResponse() && "BYE".equals(m.method())).stream().findFirst()
                            .orElse(null));
            uac.respond(bye, 200, "OK");

            List<Long> oks = stamps[0].times(m -> m.isResponse() && m.status() == 200
                    && "INVITE".equals(m.cseqMethod()) && callId.equals(m.callId()));
            long byeAt = stamps[0].times(m -> !m.isResponse() && "BYE".equals(m.method())).get(0);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < oks.size(); i++) {
                gaps.add((oks.get(i) - oks.get(i - 1)) / 1_000_000);
            }
            long toBye = (byeAt - oks.get(0)) / 1_000_000;
            // RFC 3261 13.3.1.4: T1 (500 ms), doubling up to T2 (4 s), for 64*T1 (32 s).
            assertTrue(oks.size() >= 8, "200 OK retransmitted: " + gaps);
            assertTrue(gaps.get(0) >= 400 && gaps.get(0) <= 900, "first retransmission after T1: " + gaps);
            assertTrue(gaps.get(1) >= 800 && gaps.get(1) <= 1500, "then 2*T1: " + gaps);
            assertTrue(gaps.get(2) >= 1700 && gaps.get(2) <= 2700, "then 4*T1: " + gaps);
            for (int i = 3; i < gaps.size(); i++) {
                assertTrue(gaps.get(i) >= 3500 && gaps.get(i) <= 5000, "capped at T2: " + gaps);
            }
            assertTrue(toBye >= 31_000 && toBye <= 40_000, "BYE after 64*T1, was " + toBye + " ms, gaps " + gaps);
            assertTrue(bye.header("Reason").contains("cause=408"), bye.header("Reason"));
            assertTrue(bye.header("Reason").contains("no ACK"), bye.header("Reason"));

            CallRecord r = gw.awaitRecord(callId);
            assertEquals(EndReason.NO_ACK, r.endReason());
            assertTrue(Double.isNaN(r.sip().acked()), r.sip().toString());
            gw.awaitIdle();
            report("no-ack", "200 OK sent " + oks.size() + " times, gaps " + gaps + " ms; BYE " + toBye
                    + " ms after the first 200; Reason: " + bye.header("Reason"));
        }
    }

    // ---- RTP inactivity -------------------------------------------------------------------------------------

    @Test
    void silentCallerIsHungUpAfterTheInactivityTimeout() throws Exception {
        Timers t = Timers.defaults();
        StampedTransport[] stamps = new StampedTransport[1];
        try (RunningGateway gw = start(new Timers(Duration.ofSeconds(2), t.maxDuration(), t.sessionExpires(),
                t.minSe())); CallerRtp rtp = new CallerRtp(); TestUac uac = uac(gw, stamps)) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            long ackNanos = System.nanoTime(); // the caller sends no RTP at all
            SipMsg bye = Await.value(WAIT, "BYE for the silent caller", () -> uac.all(
                    m -> !m.isResponse() && "BYE".equals(m.method())).stream().findFirst().orElse(null));
            long byeAt = stamps[0].times(m -> !m.isResponse() && "BYE".equals(m.method())).get(0);
            uac.respond(bye, 200, "OK");
            long afterAck = (byeAt - ackNanos) / 1_000_000;
            String reason = bye.header("Reason");
            assertNotNull(reason, "BYE with a Reason");
            assertTrue(reason.contains("cause=408") && reason.contains("no RTP from caller"), reason);
            assertTrue(afterAck >= 1900 && afterAck <= 4000, "BYE after the 2 s timeout, was " + afterAck + " ms");

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.RTP_INACTIVITY, r.endReason());
            assertEquals(0, r.inbound().packets());
            gw.awaitIdle();
            report("rtp-inactivity", "timeout 2 s: BYE " + afterAck + " ms after ACK; Reason: " + reason);
        }
    }

    // ---- maximum duration -----------------------------------------------------------------------------------

    @Test
    void callIsHungUpAtTheMaximumDuration() throws Exception {
        Timers t = Timers.defaults();
        StampedTransport[] stamps = new StampedTransport[1];
        try (RunningGateway gw = start(new Timers(t.inactivity(), Duration.ofSeconds(3), t.sessionExpires(),
                t.minSe())); CallerRtp rtp = new CallerRtp(); TestUac uac = uac(gw, stamps)) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            long okAt = stamps[0].times(m -> m.isResponse() && m.status() == 200).get(0);
            uac.ack(true);
            rtp.start(Sdp.audioAddress(ok.body()), true); // a live caller: only the duration limit ends it
            SipMsg bye = Await.value(WAIT, "BYE at the maximum duration", () -> uac.all(
                    m -> !m.isResponse() && "BYE".equals(m.method())).stream().findFirst().orElse(null));
            long byeAt = stamps[0].times(m -> !m.isResponse() && "BYE".equals(m.method())).get(0);
            uac.respond(bye, 200, "OK");
            long afterOk = (byeAt - okAt) / 1_000_000;
            String reason = bye.header("Reason");
            assertTrue(reason.contains("maximum call duration reached"), reason);
            assertTrue(afterOk >= 2900 && afterOk <= 4500, "BYE after 3 s, was " + afterOk + " ms");

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.MAX_DURATION, r.endReason());
            assertTrue(r.inbound().packets() > 100, r.inbound().toString());
            assertTrue(r.durationMs() >= 2900 && r.durationMs() <= 4500, "recorded " + r.durationMs() + " ms");
            gw.awaitIdle();
            report("max-duration", "limit 3 s: BYE " + afterOk + " ms after 200 OK, recorded duration "
                    + r.durationMs() + " ms; Reason: " + reason);
        }
    }

    // ---- session timers (RFC 4028) --------------------------------------------------------------------------

    @Test
    void sessionTimerIsNegotiatedAndTooSmallIntervalsGet422() throws Exception {
        Timers t = Timers.defaults();
        StampedTransport[] stamps = new StampedTransport[1];
        try (RunningGateway gw = start(new Timers(t.inactivity(), t.maxDuration(), Duration.ofSeconds(1800),
                Duration.ofSeconds(90))); CallerRtp rtp = new CallerRtp(); TestUac uac = uac(gw, stamps)) {
            // Too small: 422 with our Min-SE, recorded.
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()), "Supported: timer", "Session-Expires: 30");
            SipMsg tooSmall = uac.awaitResponse(422, "INVITE");
            assertEquals("90", tooSmall.header("Min-SE"));
            uac.ack(false);
            assertEquals(EndReason.REJECTED_SESSION_INTERVAL, gw.awaitRecord(uac.callId()).endReason());
            assertEquals(422, gw.awaitRecord(uac.callId()).finalStatus());

            // Supported without an interval: we ask for ours and refresh it ourselves.
            uac.newCall();
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()), "Supported: timer");
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            assertEquals("1800;refresher=uas", ok.header("Session-Expires").replace(" ", ""));
            assertEquals("timer", ok.header("Require"));
            uac.ack(true);
            uac.bye();
            uac.awaitResponse(200, "BYE");
            assertEquals(EndReason.CALLER_HANGUP, gw.awaitRecord(uac.callId()).endReason());

            // The caller's interval is kept; a caller without timer support gets no Require and cannot refresh.
            uac.newCall();
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()), "Session-Expires: 600;refresher=uac", "Min-SE: 120");
            ok = uac.awaitResponse(200, "INVITE");
            assertEquals("600;refresher=uas", ok.header("Session-Expires").replace(" ", ""));
            assertEquals(null, ok.header("Require"));
            uac.ack(true);
            uac.bye();
            uac.awaitResponse(200, "BYE");

            // No timer asked for and none supported: none imposed.
            uac.newCall();
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
            ok = uac.awaitResponse(200, "INVITE");
            assertEquals(null, ok.header("Session-Expires"));
            uac.ack(true);
            uac.bye();
            uac.awaitResponse(200, "BYE");
            gw.awaitIdle();
        }
    }

    @Test
    void refreshesKeepTheSessionAndAMissedRefreshEndsItWithBye() throws Exception {
        Timers t = Timers.defaults();
        StampedTransport[] stamps = new StampedTransport[1];
        try (RunningGateway gw = start(new Timers(t.inactivity(), t.maxDuration(), Duration.ofSeconds(1800),
                Duration.ofSeconds(3))); CallerRtp rtp = new CallerRtp(); TestUac uac = uac(gw, stamps)) {
            // Session-Expires 3 s: BYE due 3 s - min(32 s, 1 s) = 2 s after the last refresh.
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()), "Supported: timer", "Session-Expires: 3;refresher=uac");
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            assertEquals("3;refresher=uac", ok.header("Session-Expires").replace(" ", ""));
            uac.ack(true);
            rtp.start(Sdp.audioAddress(ok.body()), true);

            // Refresh with a re-INVITE after 1.5 s of media, then with an UPDATE after another 1.5 s.
            Await.until(WAIT, "1.5 s of media", () -> rtp.receivedCount() >= 75);
            uac.reInvite(null, "Supported: timer", "Session-Expires: 3;refresher=uac");
            SipMsg reOk = uac.awaitResponse(200, "INVITE");
            assertNotNull(reOk.body(), "a re-INVITE refresh is answered with our SDP");
            assertEquals("3;refresher=uac", reOk.header("Session-Expires").replace(" ", ""));
            uac.ack(true);
            Await.until(WAIT, "another 1.5 s of media", () -> rtp.receivedCount() >= 150);
            uac.send("UPDATE", "Supported: timer", "Session-Expires: 3;refresher=uac");
            uac.awaitResponse(200, "UPDATE");
            long refreshed = stamps[0].times(m -> m.isResponse() && "UPDATE".equals(m.cseqMethod())).get(0);

            SipMsg bye = Await.value(WAIT, "BYE for the expired session", () -> uac.all(
                    m -> !m.isResponse() && "BYE".equals(m.method())).stream().findFirst().orElse(null));
            long byeAt = stamps[0].times(m -> !m.isResponse() && "BYE".equals(m.method())).get(0);
            long okAt = stamps[0].times(m -> m.isResponse() && m.status() == 200).get(0);
            uac.respond(bye, 200, "OK");
            long afterRefresh = (byeAt - refreshed) / 1_000_000;
            long afterAnswer = (byeAt - okAt) / 1_000_000;
            assertTrue(afterAnswer >= 4500, "the refreshes kept the session past its first expiry: " + afterAnswer);
            assertTrue(afterRefresh >= 1900 && afterRefresh <= 3500,
                    "BYE 2 s after the last refresh, was " + afterRefresh + " ms");
            String reason = bye.header("Reason");
            assertTrue(reason.contains("cause=408") && reason.contains("session timer expired"), reason);

            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.SESSION_EXPIRED, r.endReason());
            gw.awaitIdle();
            report("session-timer", "Session-Expires 3 s: refreshed by re-INVITE and UPDATE; BYE " + afterRefresh
                    + " ms after the last refresh (" + afterAnswer + " ms after 200 OK); Reason: " + reason);
        }
    }

    @Test
    void gatewayRefreshesWithUpdateWhenTheCallerMakesItTheRefresher() throws Exception {
        Timers t = Timers.defaults();
        StampedTransport[] stamps = new StampedTransport[1];
        try (RunningGateway gw = start(new Timers(t.inactivity(), t.maxDuration(), Duration.ofSeconds(1800),
                Duration.ofSeconds(2))); CallerRtp rtp = new CallerRtp(); TestUac uac = uac(gw, stamps)) {
            uac.inviteSdp(Sdp.pcmuOffer(rtp.port()), "Supported: timer", "Session-Expires: 2;refresher=uas",
                    "Allow: INVITE, ACK, CANCEL, BYE, UPDATE");
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            assertEquals("2;refresher=uas", ok.header("Session-Expires").replace(" ", ""));
            uac.ack(true);
            long okAt = stamps[0].times(m -> m.isResponse() && m.status() == 200).get(0);
            rtp.start(Sdp.audioAddress(ok.body()), true);
            for (int i = 0; i < 2; i++) {
                SipMsg update = uac.awaitRequest("UPDATE");
                // The gateway is the client of its refresh: refresher=uac keeps it the refresher (RFC 4028 7.4).
                assertEquals("2;refresher=uac", update.header("Session-Expires").replace(" ", ""));
                uac.respond(update, 200, "OK");
            }
            List<Long> updates = stamps[0].times(m -> !m.isResponse() && "UPDATE".equals(m.method()));
            long first = (updates.get(0) - okAt) / 1_000_000;
            long second = (updates.get(1) - updates.get(0)) / 1_000_000;
            assertTrue(first >= 900 && first <= 2000, "first refresh at half the interval, was " + first);
            assertTrue(second >= 900 && second <= 2000, "then every half interval, was " + second);
            assertTrue(uac.all(m -> !m.isResponse() && "BYE".equals(m.method())).isEmpty(), "no BYE meanwhile");
            uac.bye();
            uac.awaitResponse(200, "BYE");
            assertEquals(EndReason.CALLER_HANGUP, gw.awaitRecord(uac.callId()).endReason());
            gw.awaitIdle();
            report("session-timer-uas", "Session-Expires 2 s, refresher=uas: UPDATE " + first + " ms after 200 OK, "
                    + "next " + second + " ms later");
        }
    }

    private static void report(String test, String figures) {
        System.out.println("[TimeoutsIT] " + test + ": " + figures);
    }
}
