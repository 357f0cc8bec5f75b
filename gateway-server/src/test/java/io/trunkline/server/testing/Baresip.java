package io.trunkline.server.testing;

import io.trunkline.sip.tls.TestCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * baresip (Debian package {@code baresip-core}) as a caller: speaks a WAV file into one call and records what it
 * hears. It hangs up when the file ends; its {@code sndfile} module leaves {@code *-enc.wav} (what it sent) and
 * {@code *-dec.wav} (what it heard) in the recordings directory.
 *
 * <p>Transport: {@link #tls()} gives it the certificate of its own without which baresip 1.0 adds no TLS transport,
 * and stops it checking the gateway's (self-signed in tests); dial {@code sip:…;transport=tls} at the TLS port.
 * Media: {@link #srtp()} offers RTP/SAVP with SDES keys ({@code mediaenc=srtp-mand}); {@code srtp.so} loads before
 * {@code account.so}, or the account's media encryption is unknown when the account is read.
 */
public final class Baresip {
    private static final int RTP_PORTS = 100;

    private final Path dir;
    private final Path source;
    private Path certificateAndKey;
    private boolean srtp;

    /** What one call left behind: baresip's console and the two recordings (8 kHz PCM16; empty when missing). */
    public record Call(Processes.Result result, short[] sent, short[] heard) {
    }

    /**
     * @param dir    a fresh directory for its configuration, log and recordings
     * @param source 8 kHz mono PCM16 WAV to speak
     */
    public Baresip(Path dir, Path source) {
        this.dir = dir;
        this.source = source;
    }

    /** Skips the test (fails it in CI) unless baresip is installed. */
    public static void require() {
        Tools.require(Tools.BARESIP, "baresip-core");
    }

    /** SIP over TLS with a throwaway self-signed certificate made here, not verifying the server's. */
    public Baresip tls() throws IOException {
        TestCertificates.Pem own = TestCertificates.selfSigned(dir.resolve("certificate"), "baresip", "RSA");
        certificateAndKey = Files.writeString(dir.resolve("baresip.pem"),
                Files.readString(own.certificate()) + Files.readString(own.privateKey()));
        return this;
    }

    /** SRTP with SDES key exchange, mandatory: the offer is RTP/SAVP with {@code a=crypto} lines. */
    public Baresip srtp() {
        srtp = true;
        return this;
    }

    /**
     * Dials {@code uri}, waits until baresip ends (it hangs up after {@code seconds} at the latest, or when its
     * source ends) and returns its console and recordings.
     */
    public Call call(String uri, int seconds) throws IOException, InterruptedException {
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        Files.write(dir.resolve("config"), config(recordings));
        Files.writeString(dir.resolve("accounts"),
                "<sip:tester@127.0.0.1>;regint=0" + (srtp ? ";mediaenc=srtp-mand" : "") + "\n");
        Processes.Result result = Processes.run(dir, dir.resolve("baresip.log"), seconds + 15L,
                List.of(Tools.BARESIP.toString(), "-f", dir.toString(), "-e", "/dial " + uri,
                        "-t", Integer.toString(seconds)));
        return new Call(result, pcm(recording(recordings, "-enc.wav")), pcm(recording(recordings, "-dec.wav")));
    }

    private List<String> config(Path recordings) {
        int rtpBase = LoopbackConfig.randomRtpBase(30000, 2000);
        List<String> lines = new ArrayList<>(List.of(
                // UDP and TCP on this port; with a certificate, TLS on the next one.
                "sip_listen 127.0.0.1:" + FreePorts.udpAndTcp(),
                "audio_source aufile," + source,
                "audio_alert aufile,/dev/null",
                "module_path /usr/lib/baresip/modules",
                "snd_path " + recordings,
                "rtp_ports " + rtpBase + "-" + (rtpBase + RTP_PORTS - 1)));
        if (certificateAndKey != null) {
            lines.add("sip_certificate " + certificateAndKey);
            lines.add("sip_verify_server no");
        }
        List<String> modules = new ArrayList<>(List.of("g711.so", "aufile.so", "sndfile.so", "stdio.so"));
        if (srtp) {
            modules.add("srtp.so"); // before account.so
        }
        modules.addAll(List.of("account.so", "menu.so", "uuid.so"));
        modules.forEach(m -> lines.add("module " + m));
        return lines;
    }

    private static Path recording(Path recordings, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(recordings)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }

    /** The samples of a PCM16 WAV (its data chunk), or none when there is no file. */
    public static short[] pcm(Path wav) throws IOException {
        if (wav == null) {
            return new short[0];
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= b.limit()) {
            int size = b.getInt(at + 4);
            if (b.get(at) == 'd' && b.get(at + 1) == 'a' && b.get(at + 2) == 't' && b.get(at + 3) == 'a') {
                int n = Math.min(size < 0 ? Integer.MAX_VALUE : size, b.limit() - at - 8) / 2;
                short[] out = new short[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(at + 8 + 2 * i);
                }
                return out;
            }
            at += 8 + size + (size & 1);
        }
        return new short[0];
    }
}
