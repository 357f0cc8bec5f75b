package io.trunkline.server.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.trunkline.server.secure.SecureCalls.assertEncrypted;
import static io.trunkline.server.secure.SecureCalls.assertFaithful;
import static io.trunkline.server.secure.SecureCalls.awaitRecords;
import static io.trunkline.server.secure.SecureCalls.config;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.agents.SpeechMatch;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.Baresip;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.Speech;
import io.trunkline.server.testing.TestAudio;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRTP with real callers: baresip offers RTP/SAVP with an SDES key (as Twilio's Secure Trunking does) and speaks
 * a sentence to an agent that keeps what it receives and echoes it; the agent must receive that speech and the
 * caller must hear it back, both faithfully, which only happens if both directions were decrypted and encrypted
 * with the right keys. With {@code rtp.srtp: mandatory} a plain offer (SIPp) gets 488; with {@code optional} a
 * plain and a secure caller both get through to one gateway. Over SIP over TLS with SRTP, as Twilio's Secure
 * Trunking sends calls, the same holds and the call record says that signalling and media were encrypted.
 */
class SrtpCallIT {
    private static final String SPEECH = "Secure trunking protects the call from end to end.";
    private static final int CALL_SECONDS = 10;

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(2);

    @TempDir
    static Path shared;
    private static Speech.Sentence speech;

    @BeforeAll
    static void speech() throws Exception {
        Baresip.require();
        speech = Speech.make(shared, SPEECH, 0, 0);
    }

    @Test
    void baresipWithSrtpReachesTheAgentFaithfullyAndHearsItBack(@TempDir Path dir) throws Exception {
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(udp(), SrtpMode.MANDATORY, agent.uri()), Map.of())) {
            Baresip.Call call = new Baresip(dir, speech.wav()).srtp().call(target(gw), CALL_SECONDS);
            CallRecord record = awaitRecords(gw, 1).get(0);
            assertEncrypted(record, call);
            assertEquals("udp", record.parties().sipTransport());
            assertFalse(record.parties().signallingEncrypted());
            assertFaithful(dir, speech, "SrtpCallIT SRTP over UDP", agent.received().get(0), call);
        }
    }

    /** Twilio's Secure Trunking: SIP over TLS to the TLS port, SRTP media with SDES keys. */
    @Test
    void tlsAndSrtpCallReachesTheAgentFaithfullyAndHearsItBack(@TempDir Path dir) throws Exception {
        SipConfig sip = TlsListener.sip(dir.resolve("gateway"));
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(sip, SrtpMode.MANDATORY, agent.uri()), Map.of())) {
            Baresip.Call call = new Baresip(dir.resolve("baresip"), speech.wav()).tls().srtp()
                    .call(TlsListener.uri(sip), CALL_SECONDS);
            CallRecord record = awaitRecords(gw, 1).get(0);
            assertEncrypted(record, call);
            assertEquals("tls", record.parties().sipTransport());
            assertTrue(record.parties().signallingEncrypted(), record.toString());
            assertFaithful(dir, speech, "SrtpCallIT TLS and SRTP", agent.received().get(0), call);
        }
    }

    @Test
    void mandatoryRefusesAPlainOfferWith488(@TempDir Path dir) throws Exception {
        Sipp.requireInstalled();
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(udp(), SrtpMode.MANDATORY, agent.uri()), Map.of())) {
            TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -20, 1000);
            Sipp.Result sipp = Sipp.twilioCall(dir, gw.sipPort());
            assertNotEquals(0, sipp.exitCode(), "SIPp expected 200 and must have been refused");
            CallRecord record = awaitRecords(gw, 1).get(0);
            assertEquals(488, record.finalStatus(), record.toString());
            assertEquals(EndReason.REJECTED_CODEC, record.endReason());
            assertFalse(record.mediaEncrypted());
            assertTrue(agent.received().isEmpty(), "no agent for a refused call");
        }
    }

    @Test
    void optionalTakesAPlainAndASecureCallerOnOneGateway(@TempDir Path dir) throws Exception {
        Sipp.requireInstalled();
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(udp(), SrtpMode.OPTIONAL, agent.uri()), Map.of())) {
            Path sippDir = Files.createDirectories(dir.resolve("sipp"));
            TestAudio.ulawToneWav(sippDir.resolve("caller.wav"), 440, -20, 2000);
            Sipp.Result sipp = Sipp.twilioCall(sippDir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), sipp.describe());
            CallRecord plain = awaitRecords(gw, 1).get(0);
            assertEquals(200, plain.finalStatus());
            assertFalse(plain.mediaEncrypted());
            assertNull(plain.srtpSuite());
            assertTrue(plain.inbound().packets() > 50, plain.inbound().toString());

            Baresip.Call call = new Baresip(dir.resolve("baresip"), speech.wav()).srtp()
                    .call(target(gw), CALL_SECONDS);
            CallRecord secure = awaitRecords(gw, 2).get(1);
            assertEncrypted(secure, call);
            assertFaithful(dir, speech, "SrtpCallIT SRTP over UDP, optional", agent.received().get(1), call);
        }
    }

    private static String target(RunningGateway gw) {
        return "sip:+15550001111@127.0.0.1:" + gw.sipPort();
    }

    private static SipConfig udp() {
        return LoopbackConfig.sip(FreePorts.udp(), "udp");
    }
}
