package io.trunkline.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as an operator starts it: SIGTERM while a call is up makes OPTIONS answer 503 at once, lets the
 * call finish, writes its record and exits 0.
 */
class DrainIT {
    private static final Path JAR = Path.of(System.getProperty("trunkline.target", "target"), "trunkline.jar");

    @TempDir
    Path dir;

    @BeforeAll
    static void sipp() {
        Sipp.requireInstalled();
    }

    @Test
    void sigtermDrainsActiveCallsAndExitsZero() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the runnable jar is built before integration tests: " + JAR);
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        int sipPort = FreePorts.udpAndTcp();
        Path log = dir.resolve("gateway.log");
        Process gateway = Processes.start(dir, log, List.of("java", "-jar", JAR.toAbsolutePath().toString()), Map.of(
                "TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_SIP_PORT", String.valueOf(sipPort),
                "TRUNKLINE_RTP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_RTP_PORT_MIN", "34000",
                "TRUNKLINE_RTP_PORT_MAX", "34099",
                "TRUNKLINE_METRICS_PORT", String.valueOf(FreePorts.tcp()),
                "TRUNKLINE_CALLS_DRAIN_TIMEOUT", "20s"));
        try {
            Await.until(Duration.ofSeconds(30), "the gateway to be ready", () -> logContains(log, "Trunkline ready"));

            CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> runSipp(sipPort));
            Await.until(Duration.ofSeconds(15), "the call to be answered", () -> logContains(log, "answered"));

            gateway.destroy(); // SIGTERM
            Await.until(Duration.ofSeconds(10), "the drain to start", () -> logContains(log, "draining"));
            assertEquals(503, optionsStatus(sipPort), "OPTIONS while draining");

            Sipp.Result sipp = call.get(60, TimeUnit.SECONDS);
            assertEquals(0, sipp.exitCode(), "the active call finished normally:\n" + sipp.output() + sipp.errors());
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway exits after the drain");
            assertEquals(0, gateway.exitValue(), Files.readString(log));

            List<String> records = Files.readAllLines(dir.resolve("records/calls.jsonl"));
            assertEquals(1, records.size(), String.join("\n", records));
            assertTrue(records.get(0).contains("\"endReason\":\"CALLER_HANGUP\""), records.get(0));
        } finally {
            gateway.destroyForcibly();
        }
    }

    private Sipp.Result runSipp(int sipPort) {
        try {
            return Sipp.run(dir, sipPort, Sipp.LOAD_CALL, 40, "-s", "15550001111", "-m", "1", "-d", "4000");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Sends one OPTIONS over UDP and returns the response status. */
    private static int optionsStatus(int sipPort) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(3000);
            int local = socket.getLocalPort();
            String options = "OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-drain-" + System.nanoTime() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@127.0.0.1:" + local + ">;tag=probe\r\n"
                    + "To: <sip:127.0.0.1:" + sipPort + ">\r\n"
                    + "Call-ID: drain-" + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            byte[] buffer = new byte[4096];
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                DatagramPacket response = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(response);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(buffer, 0, response.getLength(), StandardCharsets.US_ASCII);
                seen.add(text.lines().findFirst().orElse(""));
                int status = Integer.parseInt(text.substring(8, 11));
                if (status >= 200) {
                    return status;
                }
            }
            throw new AssertionError("no final response to OPTIONS: " + seen);
        }
    }
}
