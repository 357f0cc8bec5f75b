package io.trunkline.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A registrar for a peer that registers before it takes calls (as a sipgate trunk client does): SIPp with
 * {@code sipp/registrar.xml}, answering REGISTER and OPTIONS with 200 on {@code host:port}, its output in the run
 * directory's {@code registrar.log}. It stands in for the carrier, so its CPU is not the peer's.
 */
final class SippRegistrar implements AutoCloseable {

    private final Process process;

    private SippRegistrar(Process process) {
        this.process = process;
    }

    static SippRegistrar start(String host, int port, Path runDir) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(runDir.resolve("registrar"));
        try (InputStream in = SippRegistrar.class.getResourceAsStream("/sipp/registrar.xml")) {
            Files.copy(in, dir.resolve("registrar.xml"));
        }
        List<String> command = List.of("sipp", "-sf", "registrar.xml", "-i", host, "-p", Integer.toString(port),
                "-m", "1000000", "-nostdin", "-trace_err", "-error_file", "registrar-errors.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registrar.log").toFile()).start();
        if (p.waitFor(500, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the registrar (SIPp on " + host + ":" + port + ") exited at once: see "
                    + dir.resolve("registrar.log"));
        }
        return new SippRegistrar(p);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
