package io.trunkline.server.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.Processes;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway just started, as a new user meets it: the runnable jar in its own process with its defaults (the
 * overload guard on, the warm-up on), and as soon as it says it is ready, SIPp places 20 Twilio-style calls at
 * 5 calls/s. None may be refused, and the first call's INVITE → 200 OK (as SIPp measures it) may take at most three
 * times the median of the warm calls (the 6th to the 20th): the warm-up has already run whole calls through the SIP
 * stack's transactions and dialogs, the bridge, the RTP engine and a WebSocket connection to an agent, so the first
 * call has nothing of its own left to load or interpret (a cold gateway took 250-330 ms, ten times and more). Ratios,
 * not absolute times, so a shared, busy machine does not decide the verdict. Reports the time from the JVM's start to
 * ready.
 */
class ColdStartIT {
    private static final Path JAR = Path.of(System.getProperty("trunkline.target", "target"), "trunkline.jar")
            .toAbsolutePath();
    private static final int CALLS = 20;
    /** Calls from this one on are warm: the median of their set-up times is the reference. */
    private static final int FIRST_WARM_CALL = 6;
    private static final Pattern READY_LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Trunkline ready",
            Pattern.MULTILINE);
    /** The first call may take this many times the warm median. */
    private static final int FIRST_CALL_MAX_RATIO = 3;
    private static final Pattern WARMED_LINE = Pattern.compile("warmed up in (\\d+) ms: (\\d+) round");

    @TempDir
    Path dir;

    @BeforeAll
    static void peers() {
        Sipp.requireInstalled();
    }

    @Test
    void callsRightAfterReadyAreNeitherRefusedNorSlow() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the runnable jar is built before integration tests");
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        Path gatewayDir = Files.createDirectories(dir.resolve("gateway"));
        int sipPort = FreePorts.udpAndTcp();
        int rtpMin = LoopbackConfig.randomRtpBase(38000, 200);
        Process gateway = Processes.start(gatewayDir, gatewayDir.resolve("gateway.log"),
                List.of("java", "-jar", JAR.toString()),
                Map.of("TRUNKLINE_SIP_BIND_ADDRESS", "127.0.0.1",
                        "TRUNKLINE_SIP_PORT", String.valueOf(sipPort),
                        "TRUNKLINE_RTP_BIND_ADDRESS", "127.0.0.1",
                        "TRUNKLINE_RTP_PORT_MIN", String.valueOf(rtpMin),
                        "TRUNKLINE_RTP_PORT_MAX", String.valueOf(rtpMin + 199),
                        "TRUNKLINE_METRICS_PORT", String.valueOf(FreePorts.tcp())));
        try {
            Instant jvmStart = gateway.info().startInstant().orElseThrow();
            Await.until(Duration.ofSeconds(60), "the gateway to say it is ready",
                    () -> !gateway.isAlive() || READY_LINE.matcher(log(gatewayDir)).find());
            assertTrue(gateway.isAlive(), "the gateway exited at start:\n" + log(gatewayDir));

            Sipp.Result sipp = Sipp.run(dir, sipPort, Sipp.TWILIO_CALL, 60, "-s", "+15083728299",
                    "-r", "5", "-m", String.valueOf(CALLS), "-l", String.valueOf(CALLS),
                    "-trace_rtt", "-rtt_freq", "1");
            String gatewayLog = log(gatewayDir);
            List<Long> setupMillis = setupTimes(dir);

            assertEquals(0, sipp.exitCode(), "every call completes, none refused: " + sipp.describe());
            assertFalse(gatewayLog.contains("refusing new calls"), gatewayLog);
            assertEquals(CALLS, setupMillis.size(), "one INVITE → 200 OK time per call: " + setupMillis);
            List<Long> warm = new ArrayList<>(setupMillis.subList(FIRST_WARM_CALL - 1, CALLS));
            warm.sort(null);
            long median = warm.get(warm.size() / 2);
            long first = setupMillis.get(0);
            Matcher ready = READY_LINE.matcher(gatewayLog);
            assertTrue(ready.find());
            long startToReady = Duration.between(jvmStart, logInstant(ready.group(1))).toMillis();
            Matcher warmed = WARMED_LINE.matcher(gatewayLog);
            String warmUp = warmed.find() ? warmed.group(1) + " ms, " + warmed.group(2) + " rounds" : "not logged";
            System.out.println("[ColdStartIT] process start to ready " + startToReady + " ms (warm-up " + warmUp
                    + "); " + CALLS + " calls at 5/s right after: " + rejected(gatewayDir) + " refused; INVITE -> 200 OK"
                    + " first call " + first + " ms, warm median " + median + " ms (first / median "
                    + String.format(java.util.Locale.ROOT, "%.1f", (double) first / Math.max(median, 1)) + "), all "
                    + setupMillis);
            assertEquals(0, rejected(gatewayDir), "no call refused, by the records");
            // SIPp counts whole milliseconds: a median under one is one.
            assertTrue(first <= FIRST_CALL_MAX_RATIO * Math.max(median, 1), "first call's set-up " + first + " ms, more than "
                    + FIRST_CALL_MAX_RATIO + " x the warm median " + median + " ms: " + setupMillis);
        } finally {
            Processes.stop(gateway);
        }
    }

    /** Calls the gateway refused, from its records. */
    private static long rejected(Path gatewayDir) throws IOException {
        Path records = gatewayDir.resolve("records/calls.jsonl");
        return Files.exists(records)
                ? Files.readAllLines(records).stream().filter(line -> line.contains("\"endReason\":\"REJECTED_")).count()
                : 0;
    }

    private static String log(Path gatewayDir) {
        try {
            Path log = gatewayDir.resolve("gateway.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The gateway logs local time of day; the test runs on the same machine and zone. */
    private static Instant logInstant(String timeOfDay) {
        ZoneId zone = ZoneId.systemDefault();
        Instant at = LocalDate.now(zone).atTime(LocalTime.parse(timeOfDay)).atZone(zone).toInstant();
        return at.isAfter(Instant.now()) ? at.minus(Duration.ofDays(1)) : at;
    }

    /** SIPp's {@code -trace_rtt} file: one INVITE → 200 OK time (ms) per call, in the order the calls started. */
    private static List<Long> setupTimes(Path dir) throws IOException {
        List<long[]> rows = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*_rtt.csv")) {
            for (Path file : files) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    String[] fields = line.split(";");
                    if (fields.length >= 2 && !fields[0].isEmpty() && Character.isDigit(fields[0].charAt(0))) {
                        rows.add(new long[] {Math.round(Double.parseDouble(fields[0])),
                                Math.round(Double.parseDouble(fields[1]))});
                    }
                }
            }
        }
        rows.sort((a, b) -> Long.compare(a[0] - a[1], b[0] - b[1])); // by when the INVITE went out
        return rows.stream().map(r -> r[1]).toList();
    }
}
