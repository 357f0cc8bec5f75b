package io.trunkline.server.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs SIPp (Debian package {@code sip-tester}) as the carrier. Tests are skipped when SIPp is missing on a
 * developer machine, and fail in CI (where {@code .ci/run} installs it).
 */
final class Sipp {
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "sipp").toAbsolutePath();

    private Sipp() {
    }

    static void requireInstalled() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/sipp"));
        if (!installed && System.getenv("CI") != null) {
            fail("SIPp is not installed: .ci/run installs Debian's sip-tester");
        }
        Assumptions.assumeTrue(installed, "SIPp not installed (apt-get install sip-tester)");
    }

    static Path scenario(String name) {
        return SCENARIOS.resolve(name);
    }

    /** The result of one SIPp run. */
    record Result(int exitCode, String output, String errors) {
    }

    /**
     * Runs {@code sipp} in {@code dir} against the gateway at {@code 127.0.0.1:sipPort}, killing it after
     * {@code timeoutSeconds}.
     */
    static Result run(Path dir, int sipPort, long timeoutSeconds, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + sipPort, "-i", "127.0.0.1",
                "-mi", "127.0.0.1", "-nostdin", "-trace_err", "-error_file", dir.resolve("sipp-errors.log").toString(),
                "-timeout", timeoutSeconds + "s", "-timeout_error"));
        command.addAll(List.of(args));
        Path out = dir.resolve("sipp-out.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds + 15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("sipp did not end within " + (timeoutSeconds + 15) + " s");
        }
        Path errors = dir.resolve("sipp-errors.log");
        return new Result(p.exitValue(), Files.readString(out),
                Files.exists(errors) ? Files.readString(errors) : "");
    }
}
