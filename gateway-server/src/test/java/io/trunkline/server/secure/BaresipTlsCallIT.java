package io.trunkline.server.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.agents.SpeechMatch;
import io.trunkline.server.testing.Baresip;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Speech;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real softphone calls over SIP over TLS, the way Twilio's Secure Trunking sends calls: baresip dials
 * {@code sip:…;transport=tls} at the gateway's TLS port (a self-signed certificate made here), speaks an espeak-ng
 * sentence to the embedded demo agent, which echoes it, and records what it hears. The caller must hear its own
 * speech back faithfully, and the call record must say the signalling was encrypted.
 */
class BaresipTlsCallIT {
    private static final String SPEECH = "Hello, I am calling about my order.";
    /** What the echo through G.711 both ways and 8 ↔ 16 kHz resampling keeps at least (34 dB seen here). */
    private static final double MIN_SNR_DB = 25;
    /** Silent packets the pacer may insert where the echo came late, and voiced packets that match nothing. */
    private static final int MAX_SHIFTS = 3;
    private static final int MAX_UNMATCHED = 2;

    @TempDir
    Path dir;

    @Test
    void baresipCallsOverTlsAndHearsItsSpeechEchoed() throws Exception {
        Baresip.require();
        // Two seconds before the speech, so that its echo comes back after the demo agent's greeting (1.4 s)
        // instead of queued behind it, and four after it: baresip hangs up when the file ends.
        Speech.Sentence speech = Speech.make(dir, SPEECH, 2, 4);
        SipConfig sip = TlsListener.sip(dir.resolve("gateway"));
        GatewayConfig config = new GatewayConfig(
                sip,
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(42000, 2000), 200),
                AgentConfig.DEFAULTS,
                LoopbackConfig.calls(4, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(1), 5),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        try (RunningGateway gw = RunningGateway.start(config, Map.of())) {
            Baresip.Call call = new Baresip(dir.resolve("baresip"), speech.wav()).tls()
                    .call(TlsListener.uri(sip), 25);
            assertEquals(0, call.result().exitCode(), call.result().output());

            Await.until(Duration.ofSeconds(10), "the call record", () -> !gw.records().isEmpty());
            assertEquals(1, gw.records().size(), "one call: " + gw.records());
            CallRecord record = gw.records().get(0);
            assertEquals(200, record.finalStatus(), record.toString());
            assertEquals("tls", record.parties().sipTransport());
            assertTrue(record.parties().signallingEncrypted());
            assertFalse(record.mediaEncrypted(), "a plain RTP offer gets plain RTP");
            assertEquals("caller", record.endedBy().name().toLowerCase(Locale.ROOT));
            assertTrue(record.inbound().packets() > 100, "caller RTP at the gateway: " + record.inbound());

            SpeechMatch match = SpeechMatch.findPacketwise(speech.voiced(), call.heard(), 8000, 160);
            System.out.println("BaresipTlsCallIT echo heard by the caller: " + match);
            assertTrue(match.snrDb() >= MIN_SNR_DB, "the echoed speech in what baresip heard: " + match);
            assertTrue(match.shifts() <= MAX_SHIFTS && match.unmatched() <= MAX_UNMATCHED, match.toString());
            assertTrue(Math.abs(match.gainDb()) <= 1, "echo level: " + match);
        }
    }
}
