package io.trunkline.server.outbound;

import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.ToolOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SIPp as the carrier's termination trunk (a UAS on its own loopback port) for the gateway's outbound calls, with
 * its output and unexpected messages kept in the working directory.
 */
public final class TrunkSipp {
    static final Path RESOURCES = Path.of("src", "test", "resources", "outbound").toAbsolutePath();
    /** 401, then the digest of trunk-user / {@link #PASSWORD} checked (403 otherwise), 180, 200, 6 s, BYE. */
    public static final Path ANSWER = RESOURCES.resolve("trunk-answer.xml");
    /** 407, then Proxy-Authorization for trunk-user required, 100, 180, 486. */
    static final Path PROXY_BUSY = RESOURCES.resolve("trunk-proxy-busy.xml");
    /** Nothing for 1.5 s, 180, then 200 to the CANCEL and 200 to the INVITE: ACK and BYE expected. */
    static final Path LATE_ANSWER = RESOURCES.resolve("trunk-late-answer.xml");
    /** 100, 180, 486. */
    public static final Path BUSY = RESOURCES.resolve("trunk-busy.xml");
    /** 180, then waits for the CANCEL: 200, 487. */
    static final Path NO_ANSWER = RESOURCES.resolve("trunk-no-answer.xml");
    /** 100, 180, 200 after 300 ms (media to -key rtpport), then waits for the gateway's BYE. */
    static final Path HOLD = RESOURCES.resolve("trunk-hold.xml");
    /** 100, 180, 200 after 300 ms, the -d hold, BYE; no authentication. */
    static final Path QUICK = RESOURCES.resolve("trunk-quick.xml");
    public static final String USERNAME = "trunk-user";
    public static final String PASSWORD = "Trunk-Pass-42";

    private final Process process;
    private final Path dir;
    private final int port;

    private TrunkSipp(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts {@code scenario} as a UAS on a free port, for {@code calls} calls; returns at once. */
    public static TrunkSipp start(Path dir, Path scenario, int calls, long timeoutSeconds, String... args)
            throws IOException {
        Sipp.requireInstalled();
        int port = FreePorts.udp();
        List<String> command = new ArrayList<>(List.of("sipp", "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-mi", "127.0.0.1", "-mp", String.valueOf(FreePorts.udp() & ~1), "-nostdin", "-trace_err",
                "-error_file", dir.resolve("sipp-errors.log").toString(), "-timeout", timeoutSeconds + "s",
                "-timeout_error", "-sf", scenario.toString(), "-m", String.valueOf(calls),
                "-l", String.valueOf(calls)));
        command.addAll(List.of(args));
        return new TrunkSipp(Processes.start(dir, dir.resolve("sipp-out.log"), command), dir, port);
    }

    /** The trunk's URI, as {@code outbound.trunk} takes it. */
    public String uri() {
        return "sip:127.0.0.1:" + port;
    }

    /** Waits for SIPp to end (killing it after {@code timeoutSeconds}). */
    public Sipp.Result await(long timeoutSeconds) throws IOException, InterruptedException {
        Processes.Result result = Processes.await(process, dir.resolve("sipp-out.log"), timeoutSeconds);
        return new Sipp.Result(result.exitCode(), result.output(),
                ToolOutput.readIfExists(dir.resolve("sipp-errors.log")));
    }
}
