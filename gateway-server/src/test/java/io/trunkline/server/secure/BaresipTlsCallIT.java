package io.trunkline.server.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.config.SipTlsConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.agents.SpeechMatch;
import io.trunkline.server.testing.Baresip;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Tools;
import io.trunkline.sip.tls.TestCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
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
        Tools.require(Tools.BARESIP, "baresip-core");
        TestCertificates.Pem gatewayCert = TestCertificates.selfSigned(dir.resolve("gateway"), "gateway", "RSA");
        TestCertificates.Pem callerCert = TestCertificates.selfSigned(dir.resolve("caller"), "baresip", "RSA");
        Path callerPem = Files.writeString(dir.resolve("baresip.pem"), Files.readString(callerCert.certificate())
                + Files.readString(callerCert.privateKey()));
        short[] speech = speech(dir.resolve("speech-8k-s16.wav"));

        int tlsPort = FreePorts.tcp();
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp").withTls(Set.of("udp", "tls"), new SipTlsConfig(tlsPort,
                        gatewayCert.certificate().toString(), gatewayCert.privateKey().toString(),
                        Duration.ofSeconds(60))),
                LoopbackConfig.rtp(LoopbackConfig.randomRtpBase(42000, 2000), 200),
                AgentConfig.DEFAULTS,
                LoopbackConfig.calls(4, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(1), 5),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        try (RunningGateway gw = RunningGateway.start(config, Map.of())) {
            Baresip caller = new Baresip(dir.resolve("baresip"), dir.resolve("speech-8k-s16.wav"),
                    FreePorts.udpAndTcp(), LoopbackConfig.randomRtpBase(30000, 1000)).tls(callerPem);
            Processes.Result result = caller.call("sip:+15550001111@127.0.0.1:" + tlsPort + ";transport=tls", 25);
            assertEquals(0, result.exitCode(), result.output());

            Await.until(Duration.ofSeconds(10), "the call record", () -> !gw.records().isEmpty());
            assertEquals(1, gw.records().size(), "one call: " + gw.records());
            CallRecord record = gw.records().get(0);
            assertEquals(200, record.finalStatus(), record.toString());
            assertEquals("tls", record.parties().sipTransport());
            assertTrue(record.parties().signallingEncrypted());
            assertEquals("caller", record.endedBy().name().toLowerCase(java.util.Locale.ROOT));
            assertTrue(record.inbound().packets() > 100, "caller RTP at the gateway: " + record.inbound());

            short[] heard = wav8k(caller.heard());
            SpeechMatch match = SpeechMatch.findPacketwise(speech, heard, 8000, 160);
            assertTrue(match.snrDb() >= MIN_SNR_DB, "the echoed speech in what baresip heard: " + match);
            assertTrue(match.shifts() <= MAX_SHIFTS && match.unmatched() <= MAX_UNMATCHED, match.toString());
            assertTrue(Math.abs(match.gainDb()) <= 1, "echo level: " + match);
        }
    }

    /** espeak-ng speech band-limited to the telephone band, as 8 kHz PCM16 WAV with silence around it. */
    private static short[] speech(Path wav) throws IOException, InterruptedException {
        Tools.require(Path.of("/usr/bin/espeak-ng"), "espeak-ng");
        Tools.require(Path.of("/usr/bin/sox"), "sox");
        Path work = wav.getParent();
        Path spoken = work.resolve("speech-raw.wav");
        run(work, List.of("espeak-ng", "-w", spoken.toString(), SPEECH));
        // Two seconds before the speech, so that its echo comes back after the demo agent's greeting (1.4 s)
        // instead of queued behind it, and four after it: baresip hangs up when the file ends.
        run(work, List.of("sox", spoken.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
                wav.toString(), "highpass", "200", "lowpass", "3400", "norm", "-6", "pad", "2", "4"));
        short[] pcm = wav8k(wav);
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

    private static short[] wav8k(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleRate() != 8000 || f.getChannels() != 1 || f.getSampleSizeInBits() != 16
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException(wav + " is " + f + ", not 8 kHz mono PCM16");
            }
            byte[] bytes = in.readAllBytes();
            short[] out = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer().get(out);
            return out;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + ": " + e.getMessage(), e);
        }
    }

    private static void run(Path work, List<String> command) throws IOException, InterruptedException {
        Processes.Result result = Processes.run(work, work.resolve(command.get(0) + ".log"), 30, command);
        assertEquals(0, result.exitCode(), command + ": " + result);
    }
}
