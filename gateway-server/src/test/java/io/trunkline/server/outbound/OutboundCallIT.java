package io.trunkline.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.control.CallControl;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TrunkResponse;
import io.trunkline.core.testing.Await;
import io.trunkline.server.inbound.RecordingAgent;
import io.trunkline.server.inbound.RtpStreams;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.CallerRtp.Received;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound calls end to end: the gateway dials SIPp, which plays the carrier's termination trunk (digest challenge,
 * ringing, answer, busy, no answer, refused credentials), through {@link CallControl#place}; the answered call is
 * bridged to a recording agent that echoes, and the callee's media is a loopback RTP peer, so audio is checked both
 * ways.
 */
class OutboundCallIT {
    static final double TONE_HZ = 1000;
    static final double TONE_DBFS = -12;
    static final int TONE_MILLIS = 3000;
    static final int TONE_PACKETS = TONE_MILLIS / 20;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String USER_ENV = "TEST_TRUNK_USER";
    static final String PASSWORD_ENV = "TEST_TRUNK_PASSWORD";

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @TempDir
    Path dir;

    private static RunningGateway gateway(URI agent, String trunk, int perSecond, Duration ringTimeout,
            String password) throws Exception {
        AgentConfig agentConfig = agent == null ? AgentConfig.DEFAULTS
                : new AgentConfig("raw", agent.toString(), Duration.ofSeconds(10), 1 << 20);
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(46000, 4000), 200),
                agentConfig,
                LoopbackConfig.calls(40, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(10), Duration.ofMinutes(5),
                        5),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""))
                .withOutbound(new OutboundConfig(trunk, USER_ENV, PASSWORD_ENV, "+15550009999", perSecond, 50,
                        List.of("+1"), ringTimeout, "udp"));
        return RunningGateway.start(config, Map.of(USER_ENV, TrunkSipp.USERNAME, PASSWORD_ENV, password));
    }

    private static OutboundRequest call(String to) {
        return new OutboundRequest(to, null, null, Map.of("campaign", "reminders"));
    }

    private static CallRecord awaitRecord(RunningGateway gw, String id) {
        return Await.value(WAIT, "the record of " + id, () -> gw.records().stream()
                .filter(r -> r.callId().equals(id)).findFirst().orElse(null));
    }

    /**
     * The trunk's responses in order, each run of provisional ones sorted: the stack's listener threads may hand a
     * 100 and a 180 sent back to back over in either order.
     */
    private static List<Integer> statuses(CallRecord r) {
        List<Integer> out = new ArrayList<>();
        List<Integer> provisional = new ArrayList<>();
        for (TrunkResponse response : r.trunkResponses()) {
            if (response.status() < 200) {
                provisional.add(response.status());
                continue;
            }
            provisional.sort(Comparator.naturalOrder());
            out.addAll(provisional);
            provisional.clear();
            out.add(response.status());
        }
        provisional.sort(Comparator.naturalOrder());
        out.addAll(provisional);
        return out;
    }

    @Test
    void theTrunkChallengesRingsAndAnswersAndAudioFlowsBothWays() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), true);
                CallerRtp callee = new CallerRtp()) {
            TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.ANSWER, 1, 40, "-key", "rtpport",
                    String.valueOf(callee.port()), "-d", "400");
            try (RunningGateway gw = gateway(agent.uri(), trunk.uri(), 1, Duration.ofSeconds(20),
                    TrunkSipp.PASSWORD)) {
                String id = gw.gateway().callControl().place(call("+1 555 000 1111"));
                assertNotNull(id);

                // The gateway's pacer sends RTP from the answer on: its source is where the callee sends.
                Await.until(WAIT, "RTP from the gateway at the callee", () -> !callee.received().isEmpty());
                InetSocketAddress gatewayRtp = callee.received().get(0).source();
                RecordingAgent.Session session = agent.awaitSession(0);
                callee.play(TestAudio.ulawTone(TONE_HZ, TONE_DBFS, TONE_MILLIS));
                callee.start(gatewayRtp, false);
                Await.until(WAIT, TONE_PACKETS + " frames at the agent", () -> session.frames.size() >= TONE_PACKETS);
                Await.until(WAIT, "the echo played back to the callee",
                        () -> RtpStreams.echoComplete(callee.received(), TONE_PACKETS));

                Sipp.Result sipp = trunk.await(30);
                assertEquals(0, sipp.exitCode(), sipp.describe());
                CallRecord r = awaitRecord(gw, id);

                // The agent heard the callee's tone at its level.
                short[] atAgent = TestAudio.pcm16le(session.audio());
                int from = 1600;
                int to = from + TestAudio.wholePeriods(atAgent.length - 2 * from, 16);
                assertEquals(TONE_DBFS, TestAudio.levelDbfs(atAgent, 16000, TONE_HZ, from, to), 1.0,
                        "tone level at the agent");
                // The callee heard the agent (its echo) at that level too.
                List<Received> echo = RtpStreams.nonSilent(callee.received());
                assertTrue(Math.abs(echo.size() - TONE_PACKETS) <= 2, "echoed packets: " + echo.size());
                short[] echoed = TestAudio.decodeUlaw(RtpStreams.concat(echo.subList(5, echo.size() - 5)));
                assertEquals(TONE_DBFS, TestAudio.levelDbfs(echoed, 8000, TONE_HZ, 0, echoed.length), 1.0,
                        "echo level at the callee");

                assertEquals(CallDirection.OUTBOUND, r.direction());
                assertEquals(CallOutcome.ANSWERED, r.outcome());
                assertEquals(EndReason.CALLER_HANGUP, r.endReason(), "the callee hung up");
                assertEquals(200, r.finalStatus());
                assertEquals("PCMU_8K", r.codec());
                assertEquals(List.of(401, 100, 180, 200), statuses(r), r.trunkResponses().toString());
                assertTrue(r.sip().ringing() >= 0 && r.sip().answered() >= r.sip().ringing() + 350,
                        "180, then 200 after the 400 ms of ringing: " + r.sip());
                assertEquals("tel:+15550001111", r.parties().to());
                assertEquals("tel:+15550009999", r.parties().from());
                assertNotNull(r.parties().sipCallId());
                assertTrue(r.inbound().packets() >= TONE_PACKETS, r.inbound().toString());
                assertTrue(r.outbound().packets() >= TONE_PACKETS, r.outbound().toString());
                gw.awaitIdle();
            }
        }
    }

    @Test
    void theCalleesKeyPressesReachTheAgentAndTheAgentsHangupSendsBye() throws Exception {
        try (RecordingAgent agent = new RecordingAgent(agentLoops.group(), false);
                CallerRtp callee = new CallerRtp()) {
            TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.HOLD, 1, 30, "-key", "rtpport",
                    String.valueOf(callee.port()));
            try (RunningGateway gw = gateway(agent.uri(), trunk.uri(), 1, Duration.ofSeconds(20),
                    TrunkSipp.PASSWORD)) {
                String id = gw.gateway().callControl().place(call("+15550006666"));
                Await.until(WAIT, "RTP from the gateway at the callee", () -> !callee.received().isEmpty());
                callee.start(callee.received().get(0).source(), true);
                RecordingAgent.Session session = agent.awaitSession(0);
                Await.until(WAIT, "the callee's audio at the agent", () -> session.frames.size() >= 10);
                callee.press('7');
                Await.until(WAIT, "the key press at the agent",
                        () -> session.texts.stream().anyMatch(t -> t.contains("dtmf") && t.contains("\"7\"")));

                session.send("{\"type\":\"hangup\",\"reason\":\"goodbye\"}");
                Sipp.Result sipp = trunk.await(20);
                assertEquals(0, sipp.exitCode(), "BYE with the agent's Reason, answered: " + sipp.describe());
                CallRecord r = awaitRecord(gw, id);
                assertEquals(CallDirection.OUTBOUND, r.direction());
                assertEquals(EndReason.AGENT_HANGUP, r.endReason());
                assertEquals(CallOutcome.ANSWERED, r.outcome());
                assertEquals("7", r.dtmfDigits());
                assertTrue(r.sip().byeSent() > r.sip().answered(), r.sip().toString());
                gw.awaitIdle();
            }
        }
    }

    @Test
    void aBusyCalleeIsRecordedBusy() throws Exception {
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.BUSY, 1, 20);
        try (RunningGateway gw = gateway(null, trunk.uri(), 1, Duration.ofSeconds(20), TrunkSipp.PASSWORD)) {
            String id = gw.gateway().callControl().place(call("+15550002222"));
            CallRecord r = awaitRecord(gw, id);
            assertEquals(CallOutcome.BUSY, r.outcome());
            assertEquals(486, r.finalStatus());
            assertEquals(CallDirection.OUTBOUND, r.direction());
            assertEquals(List.of(100, 180, 486), statuses(r));
            Sipp.Result sipp = trunk.await(20);
            assertEquals(0, sipp.exitCode(), "the 486 was acknowledged: " + sipp.describe());
            gw.awaitIdle();
        }
    }

    @Test
    void aProxyChallengeIsAnsweredWithProxyAuthorizationOnce() throws Exception {
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.PROXY_BUSY, 1, 20);
        try (RunningGateway gw = gateway(null, trunk.uri(), 1, Duration.ofSeconds(20), TrunkSipp.PASSWORD)) {
            String id = gw.gateway().callControl().place(call("+15550005555"));
            CallRecord r = awaitRecord(gw, id);
            assertEquals(List.of(407, 100, 180, 486), statuses(r));
            assertEquals(CallOutcome.BUSY, r.outcome());
            Sipp.Result sipp = trunk.await(20);
            assertEquals(0, sipp.exitCode(), "Proxy-Authorization as the trunk expects: " + sipp.describe());
            gw.awaitIdle();
        }
    }

    @Test
    void aCalleeThatDoesNotAnswerIsCancelledAtTheRingTimeout() throws Exception {
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.NO_ANSWER, 1, 20);
        try (RunningGateway gw = gateway(null, trunk.uri(), 1, Duration.ofSeconds(1), TrunkSipp.PASSWORD)) {
            Instant placed = Instant.now();
            String id = gw.gateway().callControl().place(call("+15550003333"));
            CallRecord r = awaitRecord(gw, id);
            assertEquals(CallOutcome.NO_ANSWER, r.outcome());
            assertEquals(EndReason.NO_ANSWER, r.endReason());
            assertEquals(487, r.finalStatus());
            assertTrue(Duration.between(placed, r.endedAt()).toMillis() >= 900, "rang for the ring timeout");
            Sipp.Result sipp = trunk.await(20);
            assertEquals(0, sipp.exitCode(), "CANCEL sent, 487 acknowledged: " + sipp.describe());
            gw.awaitIdle();
        }
    }

    @Test
    void aCancelWaitsForTheFirstProvisionalAndAnAnswerCrossingItIsEndedWithBye() throws Exception {
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.LATE_ANSWER, 1, 20);
        try (RunningGateway gw = gateway(null, trunk.uri(), 1, Duration.ofSeconds(1), TrunkSipp.PASSWORD)) {
            String id = gw.gateway().callControl().place(call("+15550007777"));
            CallRecord r = awaitRecord(gw, id);
            assertEquals(CallOutcome.NO_ANSWER, r.outcome());
            Sipp.Result sipp = trunk.await(20);
            assertEquals(0, sipp.exitCode(), "CANCEL after the 180, then ACK and BYE for the 200: "
                    + sipp.describe());
            gw.awaitIdle();
        }
    }

    @Test
    void aWrongPasswordFailsOnceWithoutRetrying() throws Exception {
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.ANSWER, 1, 20, "-key", "rtpport", "40000");
        try (RunningGateway gw = gateway(null, trunk.uri(), 1, Duration.ofSeconds(20), "not-the-password")) {
            String id = gw.gateway().callControl().place(call("+15550004444"));
            CallRecord r = awaitRecord(gw, id);
            assertEquals(CallOutcome.FAILED, r.outcome());
            assertEquals(403, r.finalStatus());
            assertEquals(List.of(401, 403), statuses(r), "one answer to the challenge, no retry");
            Sipp.Result sipp = trunk.await(20);
            assertEquals(0, sipp.exitCode(), "no further INVITE reached the trunk: " + sipp.describe());
            assertEquals(1, gw.records().size());
            gw.awaitIdle();
        }
    }

    @Test
    void twentyCallsAtOnceArePacedToTwoPerSecondAndAllRecorded() throws Exception {
        int calls = 20;
        TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.QUICK, calls, 60, "-d", "300");
        try (RunningGateway gw = gateway(null, trunk.uri(), 2, Duration.ofSeconds(20), TrunkSipp.PASSWORD)) {
            CallControl control = gw.gateway().callControl();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                ids.add(control.place(call(String.format("+1555000%04d", i))));
            }
            Await.until(Duration.ofSeconds(30), calls + " records", () -> gw.records().size() >= calls);
            Sipp.Result sipp = trunk.await(30);
            assertEquals(0, sipp.exitCode(), sipp.describe());
            List<CallRecord> records = gw.records();
            assertEquals(calls, records.size());
            assertEquals(ids.stream().sorted().toList(), records.stream().map(CallRecord::callId).sorted().toList());
            for (CallRecord r : records) {
                assertEquals(CallOutcome.ANSWERED, r.outcome(), r.callId() + " " + r.endReason());
                assertEquals(CallDirection.OUTBOUND, r.direction());
            }
            List<Instant> answered = records.stream().map(CallRecord::answeredAt)
                    .sorted(Comparator.naturalOrder()).toList();
            long spanMillis = Duration.between(answered.get(0), answered.get(calls - 1)).toMillis();
            assertTrue(spanMillis >= 9_000, "19 intervals of 500 ms: " + spanMillis + " ms");
            for (int i = 1; i < calls; i++) {
                long gap = Duration.between(answered.get(i - 1), answered.get(i)).toMillis();
                assertTrue(gap >= 250, "answers " + (i - 1) + " and " + i + " only " + gap + " ms apart");
            }
            gw.awaitIdle();
        }
        assertTrue(Files.exists(dir.resolve("sipp-out.log")));
    }
}
