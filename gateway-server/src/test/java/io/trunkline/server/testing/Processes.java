package io.trunkline.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs with their output in a file and a hard time limit; the output is read as
 * {@link ToolOutput} (ISO-8859-1: never fails, whatever the program's encoding).
 */
public final class Processes {
    private Processes() {
    }

    /** The result of one finished run: the exit code and the log. */
    public record Result(int exitCode, String output) {
    }

    /** Starts {@code command} in {@code dir}, output (both streams) to {@code log}. */
    public static Process start(Path dir, Path log, List<String> command) throws IOException {
        return start(dir, log, command, Map.of());
    }

    /** Starts {@code command} in {@code dir} with {@code environment} added, output (both streams) to {@code log}. */
    public static Process start(Path dir, Path log, List<String> command, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Waits for {@code process}, killing it (and failing) after {@code timeoutSeconds}. */
    public static Result await(Process process, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(process.info().command().orElse("process") + " did not end within " + timeoutSeconds + " s:\n"
                    + ToolOutput.read(log));
        }
        return new Result(process.exitValue(), ToolOutput.read(log));
    }

    /** Runs {@code command} to completion. */
    public static Result run(Path dir, Path log, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        return await(start(dir, log, command), log, timeoutSeconds);
    }

    /** Stops a server process a test started: politely, then by force. */
    public static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
