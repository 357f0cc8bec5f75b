package io.trunkline.server.secure;

import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Tools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * baresip (Debian's package) as a caller: speaks a WAV file, records what it hears ({@code sndfile}), and with
 * {@code srtp} offers RTP/SAVP with SDES keys ({@code mediaenc=srtp-mand}; the module must load before
 * {@code account.so}, or the account's media encryption is unknown when the account is read).
 */
final class Baresip {
    static final Path BINARY = Path.of("/usr/bin/baresip");

    private Baresip() {
    }

    static void require() {
        Tools.require(BINARY, "baresip");
    }

    /** What one call left behind: baresip's console and the two recordings (8 kHz PCM16). */
    record Call(Processes.Result result, short[] sent, short[] heard) {
    }

    /**
     * Calls {@code uri} from a fresh config in {@code dir}, speaking {@code wav} (8 kHz mono PCM16); baresip hangs
     * up when the file ends.
     */
    static Call call(Path dir, Path wav, String uri, boolean srtp, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        int sipPort = FreePorts.udp();
        int rtp = FreePorts.udp() & ~1;
        String modules = String.join("\n", Stream.of("g711.so", "aufile.so", "sndfile.so",
                srtp ? "srtp.so" : null, "stdio.so", "account.so", "menu.so", "uuid.so")
                .filter(m -> m != null).map(m -> "module          " + m).toList());
        Files.writeString(dir.resolve("config"), String.join("\n",
                "sip_listen      127.0.0.1:" + sipPort,
                "audio_source    aufile," + wav,
                "audio_alert     aufile,/dev/null",
                "module_path     /usr/lib/baresip/modules",
                modules,
                "snd_path        " + recordings,
                "rtp_ports       " + rtp + "-" + (rtp + 3),
                ""));
        Files.writeString(dir.resolve("accounts"),
                "<sip:tester@127.0.0.1>;regint=0" + (srtp ? ";mediaenc=srtp-mand" : "") + "\n");
        Processes.Result result = Processes.run(dir, dir.resolve("baresip.log"), timeoutSeconds + 10,
                List.of(BINARY.toString(), "-f", dir.toString(), "-e", "/dial " + uri, "-t",
                        String.valueOf(timeoutSeconds)));
        return new Call(result, pcm(find(recordings, "-enc.wav")), pcm(find(recordings, "-dec.wav")));
    }

    private static Path find(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }

    /** The samples of a PCM16 WAV (its data chunk), or none when there is no file. */
    static short[] pcm(Path wav) throws IOException {
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
