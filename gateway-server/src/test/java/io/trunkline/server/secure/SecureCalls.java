package io.trunkline.server.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.trunkline.server.testing.Baresip;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
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

/**
 * What the secure-call tests share: a gateway whose agent speaks raw PCM16 at 8 kHz (so μ-law both ways is the
 * only loss), and the checks that a baresip call was encrypted and its audio faithful both ways.
 */
final class SecureCalls {
    /** μ-law both ways and no resampling (the agent speaks PCM16 at 8 kHz): only G.711 quantisation is lost. */
    private static final double MIN_SNR_AT_AGENT_DB = 25;
    private static final double MIN_SNR_HEARD_DB = 20;
    /** Late packets tolerated in what the caller hears (the machine is shared; pacing has its own tests). */
    private static final int MAX_LATE_PACKETS = 3;

    private SecureCalls() {
    }

    /** A gateway with {@code sip}, {@code rtp.srtp: srtp}, and the raw PCM agent at {@code agent}. */
    static GatewayConfig config(SipConfig sip, SrtpMode srtp, URI agent) {
        AgentConfig raw = new AgentConfig("raw", agent.toString(), Duration.ofSeconds(5), 1 << 20, 8000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), null, Map.of(),
                List.of());
        return new GatewayConfig(sip,
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(46000, 2000), 100).withSrtp(srtp), raw,
                LoopbackConfig.calls(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(4), Duration.ofMinutes(5),
                        5),
                LoopbackConfig.metricsOff(), new RecordsConfig(""));
    }

    /** The call was answered with SRTP, and every packet both ways was authenticated and en/decrypted. */
    static void assertEncrypted(CallRecord record, Baresip.Call call) {
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

    /**
     * The speech reached the agent faithfully, and the caller heard the agent's echo of it faithfully; the figures
     * are printed and left in {@code dir}/figures.txt.
     */
    static void assertFaithful(Path dir, Speech.Sentence speech, String what, byte[] atAgentBytes,
            Baresip.Call call) throws IOException {
        short[] atAgent = TestAudio.pcm16le(atAgentBytes);
        SpeechMatch toAgent = SpeechMatch.find(speech.voiced(), atAgent, 8000);
        // What the caller hears was paced: a packet whose audio came late moves the rest (findPacketwise).
        SpeechMatch heard = SpeechMatch.findPacketwise(speech.voiced(), call.heard(), 8000, 160);
        String figures = String.format(Locale.ROOT, "at the agent: %.1f dB SNR (gain %.2f dB); heard by the caller:"
                + " %.1f dB SNR (gain %.2f dB, %d late packets)", toAgent.snrDb(), toAgent.gainDb(), heard.snrDb(),
                heard.gainDb(), heard.shifts());
        System.out.println(what + ": " + figures);

        Files.writeString(dir.resolve("figures.txt"), figures);
        assertTrue(toAgent.snrDb() >= MIN_SNR_AT_AGENT_DB && Math.abs(toAgent.gainDb()) < 1, figures);
        assertTrue(heard.snrDb() >= MIN_SNR_HEARD_DB && Math.abs(heard.gainDb()) < 1
                && heard.shifts() <= MAX_LATE_PACKETS, figures);
    }

    static List<CallRecord> awaitRecords(RunningGateway gw, int n) {
        return Await.value(Duration.ofSeconds(20), n + " call records",
                () -> gw.records().size() >= n ? gw.records() : null);
    }
}
