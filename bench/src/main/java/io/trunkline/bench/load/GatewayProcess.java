package io.trunkline.bench.load;

import io.trunkline.bench.load.probe.ProcStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway under test, run from its jar as a separate process (so that its CPU and memory can be read from
 * {@code /proc}), configured through environment variables only, with its GC log in the run directory (every line
 * stamped with {@code System.nanoTime()}, see {@link io.trunkline.bench.load.probe.GcLog}).
 */
public final class GatewayProcess implements SystemUnderTest {

    /** Name of the environment variable the fake Vapi API key is passed in. */
    static final String VAPI_KEY_ENV = "BENCH_VAPI_KEY";

    private final Process process;
    private final List<String> command;
    private final Path gcLog;

    private GatewayProcess(Process process, List<String> command, Path gcLog) {
        this.process = process;
        this.command = command;
        this.gcLog = gcLog;
    }

    /** Starts the gateway with {@code settings} (TRUNKLINE_* variables) added to a clean copy of our environment. */
    public static GatewayProcess start(Path jar, String jvmFlags, Path runDir, Map<String, String> settings)
            throws IOException {
        Path gcLog = runDir.resolve("gateway-gc.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmFlags.trim().split("\\s+")));
        command.add("-Xlog:gc*,safepoint:file=" + gcLog + ":timenanos,tags");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(runDir.toFile())
                .redirectErrorStream(true).redirectOutput(runDir.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("TRUNKLINE_"));
        pb.environment().putAll(settings);
        return new GatewayProcess(pb.start(), command, gcLog);
    }

    @Override
    public String kind() {
        return "gateway";
    }

    @Override
    public ProcStats.CpuSample cpu() {
        return ProcStats.cpu(process.pid());
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    public Path gcLog() {
        return gcLog;
    }

    /** The JVM flags and jar the gateway was started with. */
    @Override
    public String commandLine() {
        return String.join(" ", command);
    }

    /** SIGTERM (the gateway drains and exits 0), then a hard kill after {@code seconds}; returns the exit code. */
    @Override
    public int stop(long seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(30);
        }
    }
}
