package io.trunkline.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * baresip (Debian package {@code baresip-core}) as a caller: speaks a WAV file into one call and records what it hears.
 * It hangs up when the file ends; its {@code sndfile} module leaves {@code *-enc.wav} (what it sent) and
 * {@code *-dec.wav} (what it heard) in the recordings directory. For SIP over TLS it needs a certificate of its
 * own (any self-signed one) and does not check the gateway's.
 */
public final class Baresip {
    private final Path dir;
    private final List<String> config = new ArrayList<>();
    private String accountParameters = "";

    /**
     * @param dir      a fresh directory for its configuration, log and recordings
     * @param source   8 kHz mono PCM16 WAV to speak
     * @param sipPort  a free local port for its own SIP listener (UDP/TCP; TLS takes the next one)
     * @param rtpBase  the first of 100 local RTP ports it may use
     */
    public Baresip(Path dir, Path source, int sipPort, int rtpBase) {
        this.dir = dir;
        config.addAll(List.of(
                "sip_listen 127.0.0.1:" + sipPort,
                "audio_source aufile," + source,
                "audio_alert aufile,/dev/null",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module sndfile.so",
                "module stdio.so",
                "module account.so",
                "module menu.so",
                "module uuid.so",
                "snd_path " + dir.resolve("recordings"),
                "rtp_ports " + rtpBase + "-" + (rtpBase + 99)));
    }

    /** Enables its TLS transport with {@code certificateAndKey} (one PEM file), not verifying the server. */
    public Baresip tls(Path certificateAndKey) {
        config.add("sip_certificate " + certificateAndKey);
        config.add("sip_verify_server no");
        return this;
    }

    /** Adds a configuration line (a module, a setting); modules load in the order given. */
    public Baresip configLine(String line) {
        config.add(line);
        return this;
    }

    /** Parameters appended to the account line, e.g. {@code ;mediaenc=srtp-mand}. */
    public Baresip accountParameters(String parameters) {
        accountParameters = parameters;
        return this;
    }

    /**
     * Dials {@code uri}, waits until baresip ends (at most {@code seconds} plus a margin) and returns its log.
     */
    public Processes.Result call(String uri, int seconds) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("recordings"));
        Files.write(dir.resolve("config"), config);
        Files.writeString(dir.resolve("accounts"), "<sip:tester@127.0.0.1>;regint=0" + accountParameters + "\n");
        Path log = dir.resolve("baresip.log");
        return Processes.run(dir, log, seconds + 15L, List.of(Tools.BARESIP.toString(), "-f", dir.toString(),
                "-e", "/dial " + uri, "-t", Integer.toString(seconds)));
    }

    /** What baresip heard ({@code *-dec.wav}). */
    public Path heard() throws IOException {
        return recording("-dec.wav");
    }

    /** What baresip sent ({@code *-enc.wav}). */
    public Path sent() throws IOException {
        return recording("-enc.wav");
    }

    private Path recording(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("recordings"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IOException("baresip left no " + suffix + " in " + dir));
        }
    }
}
