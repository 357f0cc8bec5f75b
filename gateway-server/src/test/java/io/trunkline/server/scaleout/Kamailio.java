package io.trunkline.server.scaleout;

import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.ToolOutput;
import io.trunkline.server.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kamailio (Debian package {@code kamailio}) running the shipped docker/kamailio/kamailio.cfg in the foreground on
 * loopback, with its listen address, dispatcher list and probe interval given as {@code -A} defines; with
 * {@link #startTls} it also takes SIP over TLS (its {@code tls} module, Debian package {@code kamailio-tls-modules}).
 */
public final class Kamailio implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/kamailio");
    static final Path CONFIG = Path.of("..", "docker", "kamailio", "kamailio.cfg").toAbsolutePath().normalize();

    private final Process process;
    private final Path log;
    private final int port;

    private Kamailio(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Skips the test on a developer machine without Kamailio; fails it in CI. */
    public static void requireInstalled() {
        Tools.require(BINARY, "kamailio");
    }

    /** Skips the test on a developer machine without Kamailio's TLS module; fails it in CI. */
    public static void requireTls() {
        requireInstalled();
        Tools.requireFile(Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so"), "kamailio-tls-modules");
    }

    /** Starts Kamailio on 127.0.0.1:{@code port} (UDP and TCP) dispatching to {@code gateways} (SIP URIs). */
    static Kamailio start(Path dir, int port, List<String> gateways, int pingIntervalSeconds) throws IOException {
        return start(dir, port, gateways, pingIntervalSeconds, List.of());
    }

    /**
     * Starts Kamailio as {@link #start} does, also taking SIP over TLS on 127.0.0.1:{@code tlsPort} with
     * {@code certificate} and {@code privateKey} (PEM files); it still reaches the gateways over UDP.
     */
    public static Kamailio startTls(Path dir, int port, int tlsPort, Path certificate, Path privateKey,
            List<String> gateways) throws IOException {
        return start(dir, port, gateways, 1, List.of("-A", "WITH_TLS", "-A", "LISTEN_TLS=tls:127.0.0.1:" + tlsPort,
                "-A", "TLS_CERTIFICATE=\"" + certificate + "\"", "-A", "TLS_PRIVATE_KEY=\"" + privateKey + "\""));
    }

    private static Kamailio start(Path dir, int port, List<String> gateways, int pingIntervalSeconds,
            List<String> defines) throws IOException {
        Path list = dir.resolve("dispatcher.list");
        List<String> lines = new ArrayList<>();
        for (String gateway : gateways) {
            lines.add("1 " + gateway + " 0 0");
        }
        Files.write(list, lines);
        Path log = dir.resolve("kamailio.log");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-f", CONFIG.toString(), "-DD", "-E",
                "-A", "LISTEN=udp:127.0.0.1:" + port,
                "-A", "LISTEN_TCP=tcp:127.0.0.1:" + port,
                "-A", "DISPATCHER_LIST=\"" + list + "\"",
                "-A", "PING_INTERVAL=" + pingIntervalSeconds));
        command.addAll(defines);
        Process process = Processes.start(dir, log, command);
        return new Kamailio(process, log, port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return ToolOutput.readIfExists(log);
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
