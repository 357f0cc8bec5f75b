package io.trunkline.server.agents;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs SIPp (Debian package {@code sip-tester}) as the carrier with the Twilio-style scenario of the end-to-end
 * tests. Skipped when SIPp is missing on a developer machine; a failure in CI.
 */
final class SippRun {
    private static final Path TWILIO_CALL = Path.of("src", "test", "resources", "sipp", "twilio-call.xml")
            .toAbsolutePath();

    private SippRun() {
    }

    static void requireInstalled() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/sipp"));
        if (!installed && System.getenv("CI") != null) {
            fail("SIPp is not installed: .ci/run installs Debian's sip-tester");
        }
        Assumptions.assumeTrue(installed, "SIPp not installed (apt-get install sip-tester)");
    }

    /** The result of one SIPp run. */
    record Result(int exitCode, String output, String errors) {
        String describe() {
            return "SIPp exit " + exitCode + ":\n" + output + errors;
        }
    }

    /**
     * One Twilio-style call ({@code twilio-call.xml}: Twilio's headers, {@code caller.wav} from {@code dir} as RTP,
     * the digits 4, 2, #, then BYE) to the gateway at {@code 127.0.0.1:sipPort}.
     */
    static Result twilioCall(Path dir, int sipPort) throws IOException, InterruptedException {
        long timeoutSeconds = 30;
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + sipPort, "-i", "127.0.0.1",
                "-mi", "127.0.0.1", "-nostdin", "-trace_err", "-error_file", dir.resolve("sipp-errors.log").toString(),
                "-timeout", timeoutSeconds + "s", "-timeout_error",
                "-sf", TWILIO_CALL.toString(), "-s", "+15083728299", "-m", "1",
                "-p", String.valueOf(AgentGateway.freeUdpPort()),
                "-mp", String.valueOf(AgentGateway.freeUdpPort() & ~1)));
        Path out = dir.resolve("sipp-out.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds + 15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("sipp did not end within " + (timeoutSeconds + 15) + " s");
        }
        Path errors = dir.resolve("sipp-errors.log");
        return new Result(p.exitValue(), Files.readString(out), Files.exists(errors) ? Files.readString(errors) : "");
    }
}
