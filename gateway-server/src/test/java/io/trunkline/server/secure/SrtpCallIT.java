package io.trunkline.server.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.media.SrtpMode;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.agents.SpeechMatch;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 * plain and a secure caller both get through to one gateway.
 */
class SrtpCallIT {
    private static final String SPEECH = "Secure trunking protects the call from end to end.";
    /** μ-law both ways and no resampling (the agent speaks PCM16 at 8 kHz): only G.711 quantisation is lost. */
    private static final double MIN_SNR_AT_AGENT_DB = 25;
    private static final double MIN_SNR_HEARD_DB = 20;
    private static final int CALL_SECONDS = 10;
    /** Late packets tolerated in what the caller hears (the machine is shared; pacing has its own tests). */
    private static final int MAX_LATE_PACKETS = 3;

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(2);

    @TempDir
    static Path shared;
    private static Path speechWav;
    private static short[] speech;

    @BeforeAll
    static void speech() throws Exception {
        Baresip.require();
        Tools.require(Path.of("/usr/bin/espeak-ng"), "espeak-ng");
        Tools.require(Path.of("/usr/bin/sox"), "sox");
        Path raw = shared.resolve("speech-raw.wav");
        speechWav = shared.resolve("speech-8k-s16.wav");
        run(shared, List.of("espeak-ng", "-w", raw.toString(), SPEECH));
        run(shared, List.of("sox", raw.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
                speechWav.toString(), "highpass", "200", "lowpass", "3400", "norm", "-6"));
        speech = voiced(Baresip.pcm(speechWav));
    }

    @Test
    void baresipWithSrtpReachesTheAgentFaithfullyAndHearsItBack(@TempDir Path dir) throws Exception {
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(SrtpMode.MANDATORY, agent.uri()), Map.of())) {
            Baresip.Call call = Baresip.call(dir, speechWav, target(gw), true, CALL_SECONDS);
            CallRecord record = awaitRecords(gw, 1).get(0);
            assertEncrypted(record, call);
            assertFaithful(dir, agent.received().get(0), call);
        }
    }

    @Test
    void mandatoryRefusesAPlainOfferWith488(@TempDir Path dir) throws Exception {
        Sipp.requireInstalled();
        try (CapturingEchoAgent agent = new CapturingEchoAgent(agentLoops.group());
                RunningGateway gw = RunningGateway.start(config(SrtpMode.MANDATORY, agent.uri()), Map.of())) {
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
                RunningGateway gw = RunningGateway.start(config(SrtpMode.OPTIONAL, agent.uri()), Map.of())) {
            Path sippDir = Files.createDirectories(dir.resolve("sipp"));
            TestAudio.ulawToneWav(sippDir.resolve("caller.wav"), 440, -20, 2000);
            Sipp.Result sipp = Sipp.twilioCall(sippDir, gw.sipPort());
            assertEquals(0, sipp.exitCode(), sipp.describe());
            CallRecord plain = awaitRecords(gw, 1).get(0);
            assertEquals(200, plain.finalStatus());
            assertFalse(plain.mediaEncrypted());
            assertNull(plain.srtpSuite());
            assertTrue(plain.inbound().packets() > 50, plain.inbound().toString());

            Baresip.Call call = Baresip.call(Files.createDirectories(dir.resolve("baresip")), speechWav, target(gw),
                    true, CALL_SECONDS);
            CallRecord secure = awaitRecords(gw, 2).get(1);
            assertEncrypted(secure, call);
            assertFaithful(dir, agent.received().get(1), call);
        }
    }

    private static void assertEncrypted(CallRecord record, Baresip.Call call) {
        assertEquals(200, record.finalStatus(), record + "\n" + call.result().output());
        assertTrue(record.mediaEncrypted(), record.toString());
        assertEquals("AES_CM_128_HMAC_SHA1_80", record.srtpSuite());
        // Every packet counted here was authenticated and decrypted: a wrong key would have dropped them all.
        assertTrue(record.inbound().packets() > 100, record.inbound().toString());
        assertEquals(0L, record.drops().inbound().getOrDefault(DropReason.SRTP_AUTH.tag(), 0L), record.drops().toString());
        assertEquals(0L, record.drops().inbound().getOrDefault(DropReason.SRTP_REPLAY.tag(), 0L), record.drops().toString());
        assertTrue(record.outbound().packets() > 100, record.outbound() + " " + record.drops());
        // baresip sends a plain RTCP packet before its SRTP starts and a plain BYE after it stopped: those are
        // srtcp-auth drops, as they must be; its SRTCP in between authenticates.
        assertFalse(call.result().output().contains("inline:"), "baresip printed a key");
    }

    private static void assertFaithful(Path dir, byte[] atAgentBytes, Baresip.Call call) throws IOException {
        short[] atAgent = TestAudio.pcm16le(atAgentBytes);
        SpeechMatch toAgent = SpeechMatch.find(speech, atAgent, 8000);
        // What the caller hears was paced: a packet whose audio came late moves the rest (findPacketwise).
        SpeechMatch heard = SpeechMatch.findPacketwise(speech, call.heard(), 8000, 160);
        String figures = String.format(Locale.ROOT, "at the agent: %.1f dB SNR (gain %.2f dB); heard by the caller:"
                + " %.1f dB SNR (gain %.2f dB, %d late packets)", toAgent.snrDb(), toAgent.gainDb(), heard.snrDb(),
                heard.gainDb(), heard.shifts());
        System.out.println("SrtpCallIT " + figures);

        Files.writeString(dir.resolve("figures.txt"), figures);
        assertTrue(toAgent.snrDb() >= MIN_SNR_AT_AGENT_DB && Math.abs(toAgent.gainDb()) < 1, figures);
        assertTrue(heard.snrDb() >= MIN_SNR_HEARD_DB && Math.abs(heard.gainDb()) < 1
                && heard.shifts() <= MAX_LATE_PACKETS, figures);
    }

    private static List<CallRecord> awaitRecords(RunningGateway gw, int n) {
        return Await.value(Duration.ofSeconds(20), n + " call records",
                () -> gw.records().size() >= n ? gw.records() : null);
    }

    private static String target(RunningGateway gw) {
        return "sip:+15550001111@127.0.0.1:" + gw.sipPort();
    }

    static GatewayConfig config(SrtpMode srtp, URI agent) {
        AgentConfig raw = new AgentConfig("raw", agent.toString(), Duration.ofSeconds(5), 1 << 20, 8000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, Map.of(),
                List.of());
        return new GatewayConfig(LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(46000, 2000), 100).withSrtp(srtp), raw,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4), Duration.ofMinutes(5),
                        5),
                LoopbackConfig.metricsOff(), new RecordsConfig(""));
    }

    /** The speech without its leading and trailing silence (10 ms kept on each side). */
    private static short[] voiced(short[] pcm) {
        int first = 0;
        while (first < pcm.length && Math.abs(pcm[first]) < 300) {
            first++;
        }
        int last = pcm.length - 1;
        while (last > first && Math.abs(pcm[last]) < 300) {
            last--;
        }
        return Arrays.copyOfRange(pcm, Math.max(0, first - 80), Math.min(pcm.length, last + 81));
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Processes.Result result = Processes.run(dir, dir.resolve(command.get(0) + ".log"), 30, command);
        assertEquals(0, result.exitCode(), command + ": " + result);
    }
}
