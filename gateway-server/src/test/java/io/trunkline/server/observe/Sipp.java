package io.trunkline.server.observe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** SIPp as the carrier, running {@code observe-call.xml} against a gateway on loopback. */
final class Sipp {
    static final Path SCENARIO = Path.of("src", "test", "resources", "observe", "observe-call.xml").toAbsolutePath();

    private Sipp() {
    }

    /**
     * Starts {@code calls} calls at {@code rate} per second, each held {@code holdMillis}, with the caller's audio
     * from {@code dir/caller.wav}. Returns at once; {@link Processes#await} the process.
     */
    static Process start(Path dir, int sipPort, int calls, int rate, int holdMillis, long timeoutSeconds)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + sipPort, "-sf", SCENARIO.toString(),
                "-s", "+15083728299", "-i", "127.0.0.1", "-mi", "127.0.0.1",
                "-p", String.valueOf(ObservedGateway.freeUdpPort()),
                "-mp", String.valueOf(ObservedGateway.freeUdpPort() & ~1),
                "-m", String.valueOf(calls), "-r", String.valueOf(rate), "-l", String.valueOf(calls),
                "-d", String.valueOf(holdMillis), "-nostdin", "-trace_err",
                "-error_file", dir.resolve("sipp-errors.log").toString(),
                "-timeout", timeoutSeconds + "s", "-timeout_error"));
        return Processes.start(dir, dir.resolve("sipp-out.log"), command);
    }
}
