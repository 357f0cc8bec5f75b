package io.trunkline.server.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out behind Kamailio's dispatcher, with the shipped docker/kamailio/kamailio.cfg: two gateway processes on
 * loopback, SIPp as the carrier sending every call to Kamailio. Calls spread over both gateways; one gateway is
 * drained (SIGTERM) mid-run: its calls finish normally (their BYE reaches it through Kamailio's Record-Route), new
 * calls go to the other gateway, and no call fails.
 */
class KamailioDispatcherIT {
    private static final Path SCENARIO = Path.of("src", "test", "resources", "scaleout", "proxied-call.xml")
            .toAbsolutePath();
    private static final int CALLS = 40;
    private static final Pattern ACTIVE_AT_DRAIN = Pattern.compile("draining: (\\d+) active call");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void peers() {
        Sipp.requireInstalled();
        Kamailio.requireInstalled();
    }

    @Test
    void spreadsCallsAndDrainsOneGatewayWithoutFailingACall() throws Exception {
        assertTrue(Files.isRegularFile(GatewayProcess.jar()), "the runnable jar is built before integration tests");
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        int rtpBase = LoopbackConfig.randomRtpBase(36000, 100);
        try (GatewayProcess a = GatewayProcess.start(dir.resolve("a"), rtpBase, "20s");
                GatewayProcess b = GatewayProcess.start(dir.resolve("b"), rtpBase + 400, "20s")) {
            a.awaitReady(Duration.ofSeconds(30));
            b.awaitReady(Duration.ofSeconds(30));
            try (Kamailio kamailio = Kamailio.start(dir, FreePorts.udpAndTcp(), List.of(a.sipUri(), b.sipUri()), 1)) {
                Await.until(Duration.ofSeconds(15), "Kamailio to answer OPTIONS",
                        () -> kamailio.isAlive() && optionsStatus(kamailio.port()) == 200);

                Sipp.Running sipp = Sipp.start(dir, kamailio.port(), SCENARIO, 60, "-s", "15550001111",
                        "-m", String.valueOf(CALLS), "-l", "20", "-r", "2", "-d", "3000", "-trace_msg");
                try {
                    Await.until(Duration.ofSeconds(30), "calls to end on both gateways",
                            () -> a.recordCount() >= 6 && b.recordCount() >= 6);

                    Instant drainStart = Instant.now();
                    long drainNanos = System.nanoTime();
                    b.process().destroy(); // SIGTERM: b drains
                    Await.until(Duration.ofSeconds(10), "gateway b to start draining", () -> b.logContains("draining"));
                    Await.until(Duration.ofSeconds(10), "Kamailio to take gateway b out of the rotation",
                            () -> kamailioLogContains(kamailio, "gateway " + b.sipUri() + " is down"));

                    assertTrue(b.process().waitFor(30, TimeUnit.SECONDS), "gateway b exits after its drain");
                    double drainSeconds = (System.nanoTime() - drainNanos) / 1e9;
                    assertEquals(0, b.process().exitValue(), b.log());
                    Sipp.Result result = sipp.await(90);

                    assertEquals(0, result.exitCode(), result.describe());
                    assertEquals(CALLS, sippCount(result.output(), "Successful call"), result.describe());
                    assertEquals(0, sippCount(result.output(), "Failed call"), result.describe());

                    List<JsonNode> answeredA = answered(a);
                    List<JsonNode> answeredB = answered(b);
                    assertEquals(CALLS, answeredA.size() + answeredB.size(), "every call was answered by one gateway");
                    for (JsonNode record : concat(answeredA, answeredB)) {
                        assertEquals("CALLER_HANGUP", record.path("endReason").asText(), record.toString());
                        assertTrue(record.path("inbound").path("packets").asLong() > 0,
                                "the caller's RTP went straight to the gateway: " + record);
                    }
                    long newOnB = answeredB.stream().filter(r -> startedAt(r).isAfter(drainStart)).count();
                    assertEquals(0, newOnB, "no call started on the draining gateway");
                    long newOnA = answeredA.stream().filter(r -> startedAt(r).isAfter(drainStart)).count();
                    assertTrue(newOnA > 0, "calls after the drain went to gateway a");
                    int activeAtDrain = activeAtDrain(b);
                    assertTrue(activeAtDrain > 0, "gateway b had calls up when it was drained:\n" + b.log());
                    long finishedDuringDrain = answeredB.stream()
                            .filter(r -> Instant.parse(r.path("endedAt").asText()).isAfter(drainStart)).count();
                    assertTrue(finishedDuringDrain >= activeAtDrain,
                            "b's active calls ended by the caller's BYE through Kamailio, during the drain");

                    checkAnswers(kamailio.port(), a, b);
                    System.out.printf("kamailio dispatcher: %d calls, gateway a %d, gateway b %d"
                                    + " (%d active at drain), failed 0, calls on a after the drain %d,"
                                    + " gateway b drained and exited in %.1f s, INVITEs failed over %d%n",
                            CALLS, answeredA.size(), answeredB.size(), activeAtDrain, newOnA, drainSeconds,
                            failovers(kamailio));
                } finally {
                    sipp.process().destroyForcibly();
                }
            }
        }
    }

    /**
     * Each 200 OK reached SIPp through Kamailio (Record-Route names it) with the answering gateway's own address in
     * Contact and an SDP answer whose media port is that gateway's: media does not pass through Kamailio.
     */
    private void checkAnswers(int kamailioPort, GatewayProcess a, GatewayProcess b) throws IOException {
        Map<String, ProxiedAnswers.Answer> answers = ProxiedAnswers.read(dir);
        assertEquals(CALLS, answers.size(), "one 200 OK per call in SIPp's trace");
        for (ProxiedAnswers.Answer answer : answers.values()) {
            assertTrue(answer.recordRoute().contains("127.0.0.1:" + kamailioPort + ";lr"), answer.toString());
            GatewayProcess owner = answer.contact().equals("127.0.0.1:" + a.sipPort()) ? a
                    : answer.contact().equals("127.0.0.1:" + b.sipPort()) ? b : null;
            assertTrue(owner != null, "Contact is one gateway's own address: " + answer);
            assertEquals("127.0.0.1", answer.mediaAddress(), answer.toString());
            assertTrue(owner.ownsRtpPort(answer.mediaPort()), "the SDP answer names the gateway's RTP port: " + answer);
        }
    }

    private static List<JsonNode> answered(GatewayProcess gateway) throws IOException {
        List<JsonNode> answered = new ArrayList<>();
        for (String line : gateway.records()) {
            JsonNode record = JSON.readTree(line);
            if (record.path("finalStatus").asInt() == 200) {
                answered.add(record);
            }
        }
        return answered;
    }

    private static int activeAtDrain(GatewayProcess gateway) throws IOException {
        Matcher m = ACTIVE_AT_DRAIN.matcher(gateway.log());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static long failovers(Kamailio kamailio) throws IOException {
        return kamailio.log().lines().filter(l -> l.contains("trying the next one")).count();
    }

    private static boolean kamailioLogContains(Kamailio kamailio, String text) {
        try {
            return kamailio.log().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static Instant startedAt(JsonNode record) {
        return Instant.parse(record.path("startedAt").asText());
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The cumulative count of a SIPp statistics row, e.g. "Failed call". */
    private static int sippCount(String output, String row) {
        Matcher m = Pattern.compile(Pattern.quote(row) + "\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(output);
        int count = -1;
        while (m.find()) {
            count = Integer.parseInt(m.group(1));
        }
        return count;
    }

    private static int optionsStatus(int port) {
        try {
            return SipOptions.status(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
