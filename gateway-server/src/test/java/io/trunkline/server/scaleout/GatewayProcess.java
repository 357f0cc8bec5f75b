package io.trunkline.server.scaleout;

import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.ToolOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One gateway as an operator runs it: the runnable jar in its own process and working directory, on 127.0.0.1 with
 * its own SIP, RTP and metrics ports, the demo agent, records in {@code records/calls.jsonl}.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("trunkline.target", "target"), "trunkline.jar")
            .toAbsolutePath();

    private final Process process;
    private final Path dir;
    private final int sipPort;
    private final int rtpMin;
    private final int rtpMax;

    private GatewayProcess(Process process, Path dir, int sipPort, int rtpMin, int rtpMax) {
        this.process = process;
        this.dir = dir;
        this.sipPort = sipPort;
        this.rtpMin = rtpMin;
        this.rtpMax = rtpMax;
    }

    static Path jar() {
        return JAR;
    }

    /** Starts a gateway in {@code dir} with RTP ports {@code rtpMin}..{@code rtpMin + 99}. */
    static GatewayProcess start(Path dir, int rtpMin, String drainTimeout) throws IOException {
        Files.createDirectories(dir);
        int sipPort = FreePorts.udpAndTcp();
        int rtpMax = rtpMin + 99;
        Process process = Processes.start(dir, dir.resolve("gateway.log"), List.of("java", "-jar", JAR.toString()),
                Map.of("TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1",
                        "TRUNKLINE_SIP_PORT", String.valueOf(sipPort),
                        "TRUNKLINE_RTP_BIND_ADDRESS", "127.0.0.1",
                        "TRUNKLINE_RTP_PORT_MIN", String.valueOf(rtpMin),
                        "TRUNKLINE_RTP_PORT_MAX", String.valueOf(rtpMax),
                        "TRUNKLINE_METRICS_PORT", String.valueOf(FreePorts.tcp()),
                        "TRUNKLINE_CALLS_DRAIN_TIMEOUT", drainTimeout,
                        // Two gateways, Kamailio and SIPp share the machine's cores, and a gateway's event loops run
                        // late while its JIT warms up: the overload guard would refuse the first calls on both.
                        "TRUNKLINE_CALLS_MAX_LOOP_LAG", "0ms"));
        return new GatewayProcess(process, dir, sipPort, rtpMin, rtpMax);
    }

    /** Waits until the gateway logs that it is ready; fails with its log if it does not, or exits. */
    void awaitReady(Duration timeout) throws IOException {
        try {
            Await.until(timeout, "gateway " + dir.getFileName() + " to be ready",
                    () -> logContains("Trunkline ready") || !process.isAlive());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + log(), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError("gateway " + dir.getFileName() + " exited at start:\n" + log());
        }
    }

    Process process() {
        return process;
    }

    int sipPort() {
        return sipPort;
    }

    String sipUri() {
        return "sip:127.0.0.1:" + sipPort;
    }

    boolean ownsRtpPort(int port) {
        return port >= rtpMin && port <= rtpMax;
    }

    String log() throws IOException {
        Path log = dir.resolve("gateway.log");
        return ToolOutput.readIfExists(log);
    }

    boolean logContains(String text) {
        try {
            return log().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The call records written so far, one JSON object per line. */
    List<String> records() throws IOException {
        Path records = dir.resolve("records/calls.jsonl");
        return Files.exists(records) ? Files.readAllLines(records) : List.of();
    }

    int recordCount() {
        try {
            return records().size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
