package io.trunkline.server.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TransferLeg;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.record.TrunkResponse;
import io.trunkline.core.testing.Await;
import io.trunkline.server.inbound.RtpStreams;
import io.trunkline.server.outbound.TrunkSipp;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridged transfer end to end, with two SIPp instances: one plays Twilio's side of the inbound call, the other the
 * human behind the termination trunk, and each one's media is a loopback RTP socket of the test. The raw agent asks
 * for the transfer; the caller hears ring-back while the target rings; once the target answers, the agent is let go
 * and the caller's audio reaches the target byte for byte (both legs PCMU: nothing is transcoded) and back, on
 * each leg's own sequence numbers, and key presses cross as RFC 4733 events. The target's BYE ends both legs.
 */
class BridgedTransferSippIT {
    static final String NUMBER = "+15550009999";
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "transfer").toAbsolutePath();
    private static final TransferConfig BRIDGE = new TransferConfig(TransferMode.BRIDGE, "tel:{number}", null,
            Duration.ofSeconds(3), false);
    /** The ring-back's level: each of its two tones at 0.15 of full scale. */
    private static final double RING_BACK_DBFS = 20 * Math.log10(0.15);

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @TempDir
    Path dir;

    private RunningGateway gateway(RawAgent agent, String trunk) throws Exception {
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(38000, 1500), 100),
                new AgentConfig("raw", agent.uri().toString(), Duration.ofSeconds(5), 1 << 20),
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 5),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""))
                .withTransfer(BRIDGE)
                .withOutbound(new OutboundConfig(trunk, "TEST_TRUNK_USER", "TEST_TRUNK_PASSWORD", "+15550001000", 5,
                        10, List.of("+1555"), Duration.ofSeconds(10), "udp"));
        return RunningGateway.start(config, Map.of("TEST_TRUNK_USER", "trunk-user", "TEST_TRUNK_PASSWORD", "unused"));
    }

    /** The caller's call, answered, its RTP flowing both ways, the agent hearing it. */
    private ActiveCall answeredCall(RunningGateway gw, RawAgent agent, CallerRtp caller, String scenario)
            throws Exception {
        Sipp.Running sipp = Sipp.start(dir, gw.sipPort(), SCENARIOS.resolve(scenario), 60, "-s", "+15083728299",
                "-m", "1", "-key", "rtp_port", String.valueOf(caller.port()));
        callerSipp = sipp;
        Await.until(WAIT, "the gateway's RTP at the caller", () -> caller.receivedCount() > 0);
        caller.start(caller.received().get(0).source(), true);
        agent.awaitSession(0, WAIT).awaitFrames(0, 10, WAIT);
        return Await.value(WAIT, "the answered call", () -> gw.gateway().bridge().activeCallList().stream()
                .filter(c -> c.answeredAt() != null).findFirst().orElse(null));
    }

    private Sipp.Running callerSipp;

    @Test
    void theCallerHearsRingBackThenTalksWithTheTargetUntilTheTargetHangsUp() throws Exception {
        try (RawAgent agent = new RawAgent(agentLoops.group());
                CallerRtp caller = new CallerRtp();
                CallerRtp target = new CallerRtp()) {
            TrunkSipp trunk = TrunkSipp.start(dir, SCENARIOS.resolve("bridged-target.xml"), 1, 60, "-key", "rtpport",
                    String.valueOf(target.port()), "-d", "1500");
            try (RunningGateway gw = gateway(agent, trunk.uri())) {
                ActiveCall call = answeredCall(gw, agent, caller, "bridged-caller.xml");
                RawAgent.Session session = agent.awaitSession(0, WAIT);
                int heardBefore = caller.receivedCount();
                session.send("{\"type\":\"transfer\",\"to\":\"" + NUMBER + "\"}");

                // Ring-back while the target rings: 440 + 480 Hz.
                List<CallerRtp.Received> ringBack = Await.value(WAIT, "a second of ring-back at the caller", () -> {
                    List<CallerRtp.Received> audible = audibleFrom(caller, heardBefore);
                    return audible.size() >= 50 ? audible.subList(0, 50) : null;
                });
                short[] tone = TestAudio.decodeUlaw(RtpStreams.concat(ringBack));
                assertEquals(RING_BACK_DBFS, TestAudio.levelDbfs(tone, 8000, 440, 0, 8000), 1.0, "440 Hz");
                assertEquals(RING_BACK_DBFS, TestAudio.levelDbfs(tone, 8000, 480, 0, 8000), 1.0, "480 Hz");

                // The target answered: the agent is let go, and the caller's audio reaches the target unchanged.
                Await.until(WAIT, "the gateway's RTP at the target", () -> target.receivedCount() > 0);
                InetSocketAddress towardTarget = target.received().get(0).source();
                target.start(towardTarget, true);
                Await.until(WAIT, "the agent told the call is over",
                        () -> session.texts.contains("{\"type\":\"hangup\"}"));
                int framesAtAgent = session.frames.get();

                byte[] spoken = TestAudio.ulawTone(1000, -12, 1500);
                caller.play(spoken);
                List<CallerRtp.Received> heard = Await.value(WAIT, "the caller's 1.5 s at the target", () -> {
                    List<CallerRtp.Received> audible = audibleFrom(target, 0);
                    return audible.size() >= 75 ? audible : null;
                });
                assertEquals(frames(spoken), payloads(heard), "the caller's audio, byte for byte, at the target");
                RtpStreams.assertConsecutive(heard);

                int callerHeardBefore = caller.receivedCount();
                byte[] answer = TestAudio.ulawTone(700, -12, 1000);
                target.play(answer);
                List<CallerRtp.Received> back = Await.value(WAIT, "the target's second at the caller", () -> {
                    List<CallerRtp.Received> audible = audibleFrom(caller, callerHeardBefore);
                    return audible.size() >= 50 ? audible : null;
                });
                assertEquals(frames(answer), payloads(back), "the target's audio, byte for byte, at the caller");

                target.press('5');
                caller.press('3');
                Await.until(WAIT, "the target's key at the caller", () -> hasEvent(caller, 5));
                Await.until(WAIT, "the caller's key at the target", () -> hasEvent(target, 3));
                assertEquals(framesAtAgent, session.frames.get(), "nothing of the bridged call reached the agent");

                Sipp.Result targetSide = trunk.await(30);
                assertEquals(0, targetSide.exitCode(), targetSide.describe());
                Sipp.Result callerSide = callerSipp.await(30);
                assertEquals(0, callerSide.exitCode(), "the caller got the BYE: " + callerSide.describe());

                CallRecord r = gw.awaitRecord(call.sipCallId());
                assertEquals(EndReason.TRANSFER_TARGET_HANGUP, r.endReason());
                TransferSummary t = r.transfer();
                assertEquals("bridge", t.mode());
                assertEquals("agent", t.trigger());
                assertEquals("transferred", t.outcome());
                assertNotNull(t.acceptedMs());
                TransferLeg leg = t.bridgedLeg();
                assertNotNull(leg, t.toString());
                assertEquals(NUMBER, leg.to());
                assertEquals("+15550001000", leg.from());
                assertNotNull(leg.sipCallId());
                assertTrue(leg.responses().stream().map(TrunkResponse::status).toList().containsAll(List.of(180, 200)),
                        leg.responses().toString());
                assertTrue(leg.answeredMs() >= 1400, "answered after the 1.5 s of ringing: " + leg);
                assertEquals("target", leg.endedBy());
                assertTrue(leg.relayedMs() >= 7500, leg.toString());
                assertTrue(leg.inbound().packets() >= 75 && leg.outbound().packets() >= 75, leg.toString());
                gw.awaitIdle();
                System.out.println("[BridgedTransferSippIT] target answered " + Math.round(leg.answeredMs())
                        + " ms after the request; bridged " + Math.round(leg.relayedMs()) + " ms");
            }
        }
    }

    @Test
    void aBusyTargetGivesTheCallerBackToTheAgentWhoIsTold() throws Exception {
        try (RawAgent agent = new RawAgent(agentLoops.group());
                CallerRtp caller = new CallerRtp()) {
            TrunkSipp trunk = TrunkSipp.start(dir, TrunkSipp.BUSY, 1, 30);
            try (RunningGateway gw = gateway(agent, trunk.uri())) {
                ActiveCall call = answeredCall(gw, agent, caller, "bridged-caller-agent-ends.xml");
                RawAgent.Session session = agent.awaitSession(0, WAIT);
                gw.gateway().bridge().transfer(call.callId(), new TransferRequest(NUMBER, "sales"), null);
                String told = session.awaitText("transfer-failed", WAIT);
                assertTrue(told.contains(NUMBER) && told.contains("486"), told);
                session.awaitFrames(session.frames.get(), 25, WAIT); // the agent hears the caller again
                session.send("{\"type\":\"hangup\",\"reason\":\"test done\"}");

                Sipp.Result callerSide = callerSipp.await(30);
                assertEquals(0, callerSide.exitCode(), callerSide.describe());
                assertEquals(0, trunk.await(30).exitCode());
                CallRecord r = gw.awaitRecord(call.sipCallId());
                assertEquals(EndReason.AGENT_HANGUP, r.endReason());
                TransferSummary t = r.transfer();
                assertEquals("bridge", t.mode());
                assertEquals("api", t.trigger());
                assertEquals("failed", t.outcome());
                assertEquals(486, t.status());
                assertEquals(List.of(486), t.bridgedLeg().responses().stream().map(TrunkResponse::status)
                        .filter(s -> s >= 200).toList());
                assertEquals(null, t.bridgedLeg().endedBy(), "never bridged");
                gw.awaitIdle();
            }
        }
    }

    private static List<CallerRtp.Received> audibleFrom(CallerRtp rtp, int from) {
        List<CallerRtp.Received> all = rtp.received();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(p -> p.payloadType() == CallerRtp.PCMU && p.audible()).toList();
    }

    private static boolean hasEvent(CallerRtp rtp, int code) {
        return rtp.received().stream().anyMatch(p -> p.payloadType() == CallerRtp.TELEPHONE_EVENT
                && p.payload()[0] == code);
    }

    private static List<String> frames(byte[] ulaw) {
        List<String> out = new ArrayList<>();
        for (int off = 0; off < ulaw.length; off += CallerRtp.FRAME) {
            out.add(java.util.HexFormat.of().formatHex(ulaw, off, Math.min(ulaw.length, off + CallerRtp.FRAME)));
        }
        return out;
    }

    private static List<String> payloads(List<CallerRtp.Received> packets) {
        return packets.stream().map(p -> java.util.HexFormat.of().formatHex(p.payload())).toList();
    }
}
