package io.trunkline.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs SIPp (Debian package {@code sip-tester}) as the carrier against a gateway on loopback, with its own SIP and
 * media ports picked free and its output and unexpected messages kept in {@code sipp-out.log} and
 * {@code sipp-errors.log} of the working directory.
 */
public final class Sipp {
    private static final Path RESOURCES = Path.of("src", "test", "resources").toAbsolutePath();
    /** Twilio's headers, {@code caller.wav} as RTP, the digits 4, 2, #, then BYE. */
    public static final Path TWILIO_CALL = RESOURCES.resolve("sipp/twilio-call.xml");
    /** A short PCMU call: {@code caller.wav} as RTP for the {@code -d} hold time, then BYE. */
    public static final Path LOAD_CALL = RESOURCES.resolve("sipp/load-call.xml");
    /** A conversational call: Twilio-style INVITE, {@code caller.wav} as RTP (looped) for {@code -d}, then BYE. */
    public static final Path OBSERVE_CALL = RESOURCES.resolve("observe/observe-call.xml");
    /** Extra time to wait beyond SIPp's own {@code -timeout} before killing it. */
    private static final long GRACE_SECONDS = 15;

    private Sipp() {
    }

    /** Skips the test on a developer machine without SIPp; fails it in CI. */
    public static void requireInstalled() {
        Tools.require(Tools.SIPP, "sip-tester");
    }

    /** The result of one SIPp run. */
    public record Result(int exitCode, String output, String errors) {
        /** Exit code, output and unexpected messages, for assertion messages. */
        public String describe() {
            return "SIPp exit " + exitCode + ":\n" + output + errors;
        }
    }

    /** A SIPp process still running. */
    public record Running(Process process, Path dir) {
        /** Waits for SIPp to end, killing it (and failing) after {@code timeoutSeconds}. */
        public Result await(long timeoutSeconds) throws IOException, InterruptedException {
            Processes.Result result = Processes.await(process, dir.resolve("sipp-out.log"), timeoutSeconds);
            Path errors = dir.resolve("sipp-errors.log");
            return new Result(result.exitCode(), result.output(),
                    ToolOutput.readIfExists(errors));
        }
    }

    /**
     * Starts {@code scenario} in {@code dir} against the gateway at {@code 127.0.0.1:sipPort}, with SIPp's own
     * {@code timeoutSeconds} and the extra {@code args}. Returns at once.
     */
    public static Running start(Path dir, int sipPort, Path scenario, long timeoutSeconds, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + sipPort, "-i", "127.0.0.1",
                "-mi", "127.0.0.1", "-nostdin", "-trace_err", "-error_file", dir.resolve("sipp-errors.log").toString(),
                "-timeout", timeoutSeconds + "s", "-timeout_error", "-sf", scenario.toString(),
                "-p", String.valueOf(FreePorts.udp()), "-mp", String.valueOf(FreePorts.udp() & ~1)));
        command.addAll(List.of(args));
        return new Running(Processes.start(dir, dir.resolve("sipp-out.log"), command), dir);
    }

    /** Runs {@code scenario} to the end; see {@link #start}. */
    public static Result run(Path dir, int sipPort, Path scenario, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return start(dir, sipPort, scenario, timeoutSeconds, args).await(timeoutSeconds + GRACE_SECONDS);
    }

    /** One {@link #TWILIO_CALL} from +15083728299, {@code caller.wav} taken from {@code dir}. */
    public static Result twilioCall(Path dir, int sipPort) throws IOException, InterruptedException {
        return run(dir, sipPort, TWILIO_CALL, 30, "-s", "+15083728299", "-m", "1");
    }
}
