package io.trunkline.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.Await;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.ToolOutput;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as an operator starts it: SIGTERM while a call is up makes OPTIONS answer 503 at once, lets the
 * call finish, writes its record and exits 0. {@code POST /admin/drain} does the same, and a call still up at the
 * drain deadline gets BYE.
 */
class DrainIT {
    private static final Path JAR = Path.of(System.getProperty("trunkline.target", "target"), "trunkline.jar");
    private static final String ADMIN_TOKEN = "drain-test-token-5f1c";

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
            // The warm-up's own calls are logged too: wait for SIPp's call (From sip:load@) to be answered.
            Await.until(Duration.ofSeconds(15), "the call to be answered", () -> answered(log, "sip:load@"));

            gateway.destroy(); // SIGTERM
            Await.until(Duration.ofSeconds(10), "the drain to start", () -> logContains(log, "draining"));
            assertEquals(503, optionsStatus(sipPort), "OPTIONS while draining");

            Sipp.Result sipp = call.get(60, TimeUnit.SECONDS);
            assertEquals(0, sipp.exitCode(), "the active call finished normally:\n" + sipp.output() + sipp.errors());
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway exits after the drain");
            assertEquals(0, gateway.exitValue(), ToolOutput.read(log));

            List<String> records = Files.readAllLines(dir.resolve("records/calls.jsonl"));
            assertEquals(1, records.size(), String.join("\n", records));
            assertTrue(records.get(0).contains("\"endReason\":\"CALLER_HANGUP\""), records.get(0));
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void adminDrainRefusesNewCallsByesTheRestAtTheDeadlineAndExitsZero() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the runnable jar is built before integration tests: " + JAR);
        int sipPort = FreePorts.udpAndTcp();
        int metricsPort = FreePorts.tcp();
        Path log = dir.resolve("gateway.log");
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_SIP_PORT", String.valueOf(sipPort),
                "TRUNKLINE_RTP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_RTP_PORT_MIN", "34100",
                "TRUNKLINE_RTP_PORT_MAX", "34199",
                "TRUNKLINE_METRICS_PORT", String.valueOf(metricsPort),
                "TRUNKLINE_CALLS_DRAIN_TIMEOUT", "2s",
                "TRUNKLINE_CALLS_MAX_LOOP_LAG", "200ms",
                "TRUNKLINE_ADMIN_ENABLED", "true",
                "TRUNKLINE_ADMIN_TOKEN", ADMIN_TOKEN));
        Process gateway = Processes.start(dir, log, List.of("java", "-jar", JAR.toAbsolutePath().toString()), env);
        try (TestUac caller = new TestUac(new UdpTransport(sipPort), sipPort);
                TestUac late = new TestUac(new UdpTransport(sipPort), sipPort)) {
            Await.until(Duration.ofSeconds(30), "the gateway to be ready", () -> logContains(log, "Trunkline ready"));
            caller.inviteSdp(Sdp.pcmuOffer(36000));
            caller.awaitResponse(200, "INVITE");
            caller.ack(true);

            HttpResponse<String> config = http(metricsPort, "GET", "/admin/config", ADMIN_TOKEN);
            assertEquals(200, config.statusCode());
            assertTrue(config.body().contains("\"admin.enabled\":true"), config.body());
            assertTrue(!config.body().contains(ADMIN_TOKEN), "the token is never shown");
            assertEquals(401, http(metricsPort, "POST", "/admin/drain", "wrong-token").statusCode());
            assertEquals(401, http(metricsPort, "POST", "/admin/drain", null).statusCode());
            assertEquals(200, http(metricsPort, "GET", "/ready", null).statusCode(), "no drain without the token");

            long drainAt = System.nanoTime();
            assertEquals(202, http(metricsPort, "POST", "/admin/drain", ADMIN_TOKEN).statusCode());
            Await.until(Duration.ofSeconds(5), "readiness to turn false",
                    () -> http(metricsPort, "GET", "/ready", null).statusCode() == 503);
            assertEquals(503, optionsStatus(sipPort), "OPTIONS while draining");
            late.inviteSdp(Sdp.pcmuOffer(36002));
            SipMsg refused = late.awaitResponse(503, "INVITE");
            assertTrue(refused.header("Retry-After") != null, "Retry-After on the draining 503");
            late.ack(false);

            SipMsg bye = Await.value(Duration.ofSeconds(10), "BYE at the drain deadline", () -> caller.all(
                    m -> !m.isResponse() && "BYE".equals(m.method())).stream().findFirst().orElse(null));
            long byeAfterMs = (System.nanoTime() - drainAt) / 1_000_000;
            caller.respond(bye, 200, "OK");
            assertTrue(bye.header("Reason").contains("cause=503"), bye.header("Reason"));
            assertTrue(bye.header("Reason").contains("gateway shutting down"), bye.header("Reason"));
            assertTrue(byeAfterMs >= 1900 && byeAfterMs <= 6000, "BYE at the 2 s deadline, was " + byeAfterMs);

            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway exits after the drain");
            long exitAfterMs = (System.nanoTime() - drainAt) / 1_000_000;
            assertEquals(0, gateway.exitValue(), ToolOutput.read(log));
            String records = Files.readString(dir.resolve("records/calls.jsonl"));
            assertEquals(2, records.lines().count(), records);
            assertTrue(records.contains("\"endReason\":\"REJECTED_DRAINING\""), records);
            assertTrue(records.contains("\"endReason\":\"SHUTDOWN\""), records);
            assertTrue(!ToolOutput.read(log).contains(ADMIN_TOKEN), "the token is never logged");
            System.out.println("[DrainIT] admin drain: BYE " + byeAfterMs + " ms after POST /admin/drain"
                    + " (drain-timeout 2 s), exit 0 after " + exitAfterMs + " ms; Reason: " + bye.header("Reason"));
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void optionsAre503WhileWarmingUpAnd200OnceReady() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        Path log = dir.resolve("gateway.log");
        Process gateway = Processes.start(dir, log, List.of("java", "-jar", JAR.toAbsolutePath().toString()), Map.of(
                "TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_SIP_PORT", String.valueOf(sipPort),
                "TRUNKLINE_RTP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_RTP_PORT_MIN", "34200",
                "TRUNKLINE_RTP_PORT_MAX", "34299",
                "TRUNKLINE_METRICS_PORT", String.valueOf(FreePorts.tcp()),
                "TRUNKLINE_CALLS_WARM_UP", "5s"));
        try {
            Await.until(Duration.ofSeconds(30), "SIP to listen",
                    () -> logContains(log, "SIP listening on 127.0.0.1:" + sipPort + " "));
            // The first OPTIONS answered at all is answered during the warm-up, which lasts seconds from here.
            int first = Await.value(Duration.ofSeconds(30), "an answer to OPTIONS", () -> {
                try {
                    int status = optionsStatus(sipPort, 200);
                    return status > 0 ? status : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(503, first, "OPTIONS while warming up:\n" + ToolOutput.read(log));
            assertTrue(!logContains(log, "Trunkline ready"), "still warming up when OPTIONS got its 503");
            Await.until(Duration.ofSeconds(30), "the gateway to be ready", () -> logContains(log, "Trunkline ready"));
            assertEquals(200, optionsStatus(sipPort), "OPTIONS once ready");
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void adminEnabledWithoutATokenRefusesToStart() throws Exception {
        Path log = dir.resolve("gateway.log");
        Process gateway = Processes.start(dir, log, List.of("java", "-jar", JAR.toAbsolutePath().toString()), Map.of(
                "TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1",
                "TRUNKLINE_SIP_PORT", String.valueOf(FreePorts.udpAndTcp()),
                "TRUNKLINE_METRICS_PORT", String.valueOf(FreePorts.tcp()),
                "TRUNKLINE_ADMIN_ENABLED", "true",
                "TRUNKLINE_ADMIN_TOKEN_ENV", "TRUNKLINE_TEST_UNSET_ADMIN_TOKEN"));
        try {
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway gives up at once");
            assertTrue(gateway.exitValue() != 0, "non-zero exit");
            assertTrue(logContains(log, "admin.token-env"), ToolOutput.read(log));
        } finally {
            gateway.destroyForcibly();
        }
    }

    private static HttpResponse<String> http(int port, String method, String path, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
            return Files.exists(log) && ToolOutput.read(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether the call from {@code from} was answered, by the gateway's log lines about it. */
    private static boolean answered(Path log, String from) {
        try {
            String text = Files.exists(log) ? ToolOutput.read(log) : "";
            Matcher call = Pattern.compile("(c-[0-9a-z]+) - call from " + Pattern.quote(from)).matcher(text);
            return call.find() && text.contains(call.group(1) + " - answered");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Sends one OPTIONS over UDP and returns the response status. */
    private static int optionsStatus(int sipPort) throws Exception {
        int status = optionsStatus(sipPort, 3000);
        if (status < 0) {
            throw new AssertionError("no final response to OPTIONS");
        }
        return status;
    }

    /** Sends one OPTIONS over UDP and returns the final response's status, or -1 without one in time. */
    private static int optionsStatus(int sipPort, int timeoutMillis) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(timeoutMillis);
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
            for (int i = 0; i < 3; i++) {
                DatagramPacket response = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(response);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(buffer, 0, response.getLength(), StandardCharsets.US_ASCII);
                int status = Integer.parseInt(text.substring(8, 11));
                if (status >= 200) {
                    return status;
                }
            }
            return -1;
        }
    }
}
