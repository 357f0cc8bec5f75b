package io.trunkline.server.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blind transfer by SIP REFER against SIPp playing Twilio's side of the dialog: the call comes in, the gateway
 * REFERs it to +15550009999 (asked by the call-control port or by the raw agent's {@code transfer} message), and
 * SIPp checks {@code Refer-To} and {@code Referred-By}, then completes the transfer (202, NOTIFY 100, NOTIFY 200:
 * the gateway must BYE), refuses it (403), fails it (NOTIFY 503) or never reports (no NOTIFY within the 3 s
 * {@code transfer.notify-timeout} of this test). Whenever it fails, the caller stays with the agent, whose audio
 * flows again and who is told with a {@code transfer-failed} message; the test then ends the call from the agent.
 */
class ReferTransferSippIT {
    static final String NUMBER = "+15550009999";
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "transfer").toAbsolutePath();
    private static final TransferConfig TRANSFERS = new TransferConfig(TransferMode.REFER, "tel:{number}",
            "sip:ai-gateway@example.com", Duration.ofSeconds(3), false);

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    private static RawAgent agent;
    private static RunningGateway gw;
    private static int sessions;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Sipp.requireInstalled();
        agent = new RawAgent(agentLoops.group());
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(38000, 1500), 100),
                new AgentConfig("raw", agent.uri().toString(), Duration.ofSeconds(5), 1 << 20),
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 5),
                LoopbackConfig.metricsOff(),
                new RecordsConfig("")).withTransfer(TRANSFERS);
        gw = RunningGateway.start(config, Map.of());
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    /** Starts SIPp with {@code scenario} and waits until its call is answered and its audio reaches the agent. */
    private Call call(String scenario) throws Exception {
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        Sipp.Running sipp = Sipp.start(dir, gw.sipPort(), SCENARIOS.resolve(scenario), 40, "-s", "+15083728299",
                "-m", "1", "-trace_msg", "-message_file", dir.resolve("messages.log").toString());
        RawAgent.Session session = agent.awaitSession(sessions++, WAIT);
        session.awaitFrames(0, 10, WAIT);
        ActiveCall active = Await.value(WAIT, "the answered call",
                () -> gw.gateway().bridge().activeCallList().stream().filter(c -> c.answeredAt() != null)
                        .findFirst().orElse(null));
        return new Call(sipp, session, active);
    }

    private record Call(Sipp.Running sipp, RawAgent.Session agent, ActiveCall active) {
        void transferByApi() throws Exception {
            gw.gateway().bridge().transfer(active.callId(), new TransferRequest(NUMBER, "test"), null);
        }

        CallRecord finish() throws Exception {
            Sipp.Result result = sipp.await(60);
            assertEquals(0, result.exitCode(), result.describe());
            return gw.awaitRecord(active.sipCallId());
        }

        /** The agent was told, hears the caller again, and then hangs up. */
        void stayedWithTheAgent(String why) {
            String told = agent.awaitText("transfer-failed", WAIT);
            assertTrue(told.contains(NUMBER) && told.contains(why), told);
            agent.awaitFrames(agent.frames.get(), 25, WAIT);
            agent.send("{\"type\":\"hangup\",\"reason\":\"test done\"}");
        }
    }

    @Test
    void aTransferTheCarrierCompletesEndsTheGatewaysLeg() throws Exception {
        Call call = call("refer-completed.xml");
        call.transferByApi();
        CallRecord r = call.finish();

        assertEquals(EndReason.TRANSFERRED, r.endReason());
        assertEquals(CallOutcome.TRANSFERRED, r.outcome());
        TransferSummary t = r.transfer();
        assertEquals("api", t.trigger());
        assertEquals(NUMBER, t.destination());
        assertEquals("tel:" + NUMBER, t.referTo());
        assertEquals("refer", t.mode());
        assertEquals("transferred", t.outcome());
        assertEquals(200, t.status());
        assertNotNull(t.acceptedMs());
        assertTrue(t.completedMs() >= t.acceptedMs(), t.toString());
        Await.until(WAIT, "the agent told the call ended", () -> call.agent().texts.contains("{\"type\":\"hangup\"}"));
        gw.awaitIdle();
        System.out.println("[ReferTransferSippIT] completed: accepted " + t.acceptedMs() + " ms, completed "
                + t.completedMs() + " ms after the request");
    }

    @Test
    void aReferRefusedWith403KeepsTheCallerWithTheAgent() throws Exception {
        Call call = call("refer-refused.xml");
        call.agent().send("{\"type\":\"transfer\",\"to\":\"" + NUMBER + "\",\"reason\":\"billing\"}");
        call.stayedWithTheAgent("403");
        CallRecord r = call.finish();

        assertEquals(EndReason.AGENT_HANGUP, r.endReason());
        assertEquals(CallOutcome.ANSWERED, r.outcome());
        TransferSummary t = r.transfer();
        assertEquals("agent", t.trigger());
        assertEquals("refused", t.outcome());
        assertEquals(403, t.status());
        assertNull(t.acceptedMs());
        gw.awaitIdle();
    }

    @Test
    void aFailureNotifyKeepsTheCallerWithTheAgent() throws Exception {
        Call call = call("refer-notify-503.xml");
        call.transferByApi();
        call.stayedWithTheAgent("503 Service Unavailable");
        CallRecord r = call.finish();

        assertEquals(EndReason.AGENT_HANGUP, r.endReason());
        TransferSummary t = r.transfer();
        assertEquals("failed", t.outcome());
        assertEquals(503, t.status());
        assertNotNull(t.acceptedMs());
        gw.awaitIdle();
    }

    @Test
    void noFinalNotifyInTimeKeepsTheCallerWithTheAgent() throws Exception {
        Call call = call("refer-no-notify.xml");
        call.transferByApi();
        call.stayedWithTheAgent("no final NOTIFY");
        CallRecord r = call.finish();

        TransferSummary t = r.transfer();
        assertEquals("timeout", t.outcome());
        assertNotNull(t.acceptedMs());
        assertTrue(t.completedMs() >= 2_900, "the deadline is transfer.notify-timeout (3 s): " + t);
        gw.awaitIdle();
    }
}
