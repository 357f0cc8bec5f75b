package io.trunkline.server.sessiontimer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.GatewayConfig;
import io.trunkline.core.config.RecordsConfig;
import io.trunkline.core.record.CallRecord;
import io.trunkline.server.testing.FreePorts;
import io.trunkline.server.testing.LoopbackConfig;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 4028 session timers against SIPp playing a carrier that, like Twilio's INVITE, supports timers and sends
 * Min-SE but no Session-Expires, and never refreshes itself: the gateway must be the refresher and keep the call
 * up past two session intervals, and end it when its refresh is refused with 481. The gateway's session interval
 * ({@code calls.session-expires}) is 4 s here, with {@code calls.session-min-expires} 1 s; both are ordinary
 * settings (production keeps the RFC's 90 s Min-SE).
 */
class SessionTimerSippIT {
    private static final int INTERVAL_SECONDS = 4;
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "sipp").toAbsolutePath();
    private static final Path REFRESHED = SCENARIOS.resolve("session-timer-refreshed.xml");
    private static final Path REFUSED = SCENARIOS.resolve("session-timer-481.xml");
    /** Refreshes the caller of {@link #REFRESHED} waits for before it hangs up. */
    private static final int REFRESHES = 5;

    private static RunningGateway gw;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Sipp.requireInstalled();
        int rtpBase = LoopbackConfig.randomRtpBase(36000, 1500);
        GatewayConfig config = new GatewayConfig(
                LoopbackConfig.sip(FreePorts.udp(), "udp"),
                LoopbackConfig.rtp(rtpBase, 100),
                AgentConfig.DEFAULTS,
                new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5), Duration.ofMinutes(5), 5,
                        Duration.ofSeconds(5), 10_000, 200, 400, Duration.ZERO,
                        Duration.ofSeconds(INTERVAL_SECONDS), Duration.ofSeconds(1)),
                LoopbackConfig.metricsOff(),
                new RecordsConfig(""));
        gw = RunningGateway.start(config, System.getenv());
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private Sipp.Result run(Path scenario, long timeoutSeconds) throws Exception {
        TestAudio.ulawToneWav(dir.resolve("caller.wav"), 440, -12, 1000);
        return Sipp.run(dir, gw.sipPort(), scenario, timeoutSeconds, "-s", "+15083728299", "-m", "1",
                "-key", "minse", "2", "-trace_msg", "-message_file", dir.resolve("messages.log").toString());
    }

    @Test
    void theGatewayRefreshesACallerThatNeverDoes() throws Exception {
        Sipp.Result sipp = run(REFRESHED, 30);
        assertEquals(0, sipp.exitCode(), sipp.describe());

        List<Message> log = Message.read(dir.resolve("messages.log"));
        Message ok = first(log, m -> m.received && m.text.startsWith("SIP/2.0 200") && m.text.contains("INVITE\r"));
        assertEquals(INTERVAL_SECONDS + ";refresher=uas", ok.header("Session-Expires").replace(" ", ""));
        List<Message> refreshes = all(log, m -> m.received && m.text.startsWith("INVITE "));
        assertEquals(REFRESHES, refreshes.size(), "re-INVITEs from the gateway");
        List<Long> gaps = new ArrayList<>();
        long previous = ok.millis;
        for (Message r : refreshes) {
            assertEquals(ok.origin(), r.origin(), "each refresh offers the same description, o= version unchanged");
            assertEquals(INTERVAL_SECONDS + ";refresher=uac", r.header("Session-Expires").replace(" ", ""));
            gaps.add(r.millis - previous);
            previous = r.millis;
        }
        for (long gap : gaps) {
            assertTrue(gap >= 1_500 && gap <= 2_800, "a refresh every half interval (2 s): " + gaps);
        }

        String callId = ok.header("Call-ID");
        CallRecord r = gw.awaitRecord(callId);
        assertEquals(EndReason.CALLER_HANGUP, r.endReason(), "the caller's BYE ended the call, not a timer");
        assertTrue(r.durationMs() > 2 * INTERVAL_SECONDS * 1000L,
                "up past two session intervals: " + r.durationMs() + " ms");
        assertTrue(r.inbound().packets() > 300, "media flowed meanwhile: " + r.inbound());
        gw.awaitIdle();
        System.out.println("[SessionTimerSippIT] refreshed: Session-Expires " + ok.header("Session-Expires")
                + "; re-INVITEs after " + gaps + " ms; call lasted " + r.durationMs() + " ms, ended by "
                + r.endReason());
    }

    @Test
    void aRefreshRefusedWith481EndsTheCall() throws Exception {
        Sipp.Result sipp = run(REFUSED, 20);
        assertEquals(0, sipp.exitCode(), sipp.describe());

        List<Message> log = Message.read(dir.resolve("messages.log"));
        Message ok = first(log, m -> m.received && m.text.startsWith("SIP/2.0 200") && m.text.contains("INVITE\r"));
        Message refresh = first(log, m -> m.received && m.text.startsWith("INVITE "));
        Message bye = first(log, m -> m.received && m.text.startsWith("BYE "));
        String reason = bye.header("Reason");
        assertTrue(reason.contains("cause=408") && reason.contains("session refresh failed"), reason);
        long refreshAfter = refresh.millis - ok.millis;
        long byeAfter = bye.millis - refresh.millis;
        assertTrue(refreshAfter >= 1_500 && refreshAfter <= 2_800, "refresh at half the interval: " + refreshAfter);
        assertTrue(byeAfter < 1_000, "BYE at once after the 481: " + byeAfter + " ms");

        CallRecord r = gw.awaitRecord(ok.header("Call-ID"));
        assertEquals(EndReason.SESSION_REFRESH_FAILED, r.endReason());
        gw.awaitIdle();
        System.out.println("[SessionTimerSippIT] 481: refresh " + refreshAfter + " ms after 200 OK, BYE " + byeAfter
                + " ms after it; Reason: " + reason + "; record " + r.endReason());
    }

    private static Message first(List<Message> log, java.util.function.Predicate<Message> match) {
        return log.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError("not in " + log));
    }

    private static List<Message> all(List<Message> log, java.util.function.Predicate<Message> match) {
        return log.stream().filter(match).toList();
    }

    /** One message of SIPp's {@code -trace_msg} log: when, which way, and its text. */
    private record Message(long millis, boolean received, String text) {
        private static final Pattern ENTRY = Pattern.compile(
                "-{20,} (\\d{4}-\\d\\d-\\d\\d\\s+\\d\\d:\\d\\d:\\d\\d\\.\\d+)\\s*\\R(\\w+) message (received|sent)[^\\n]*\\n\\s*\\n");
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

        static List<Message> read(Path file) throws Exception {
            // SIPp's output is not UTF-8: read it as ISO-8859-1.
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            List<Message> list = new ArrayList<>();
            Matcher m = ENTRY.matcher(text);
            List<int[]> starts = new ArrayList<>();
            List<Message> heads = new ArrayList<>();
            while (m.find()) {
                String stamp = m.group(1).replaceAll("\\s+", " ");
                String micros = stamp.substring(stamp.indexOf('.') + 1);
                stamp = stamp.substring(0, stamp.indexOf('.') + 1) + (micros + "000000").substring(0, 6);
                long millis = LocalDateTime.parse(stamp, TIME).atZone(java.time.ZoneId.systemDefault())
                        .toInstant().toEpochMilli();
                heads.add(new Message(millis, m.group(3).equals("received"), null));
                starts.add(new int[] {m.start(), m.end()});
            }
            for (int i = 0; i < heads.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
                String body = text.substring(starts.get(i)[1], end).strip().replace("\r\n", "\n").replace("\n", "\r\n");
                list.add(new Message(heads.get(i).millis, heads.get(i).received, body));
            }
            if (list.isEmpty()) {
                throw new AssertionError("no messages in SIPp's trace:\n" + text);
            }
            return list;
        }

        /** The first value of header {@code name}, or "". */
        String header(String name) {
            for (String line : text.split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return "";
        }

        /** The SDP {@code o=} line, or "". */
        String origin() {
            for (String line : text.split("\r\n")) {
                if (line.startsWith("o=")) {
                    return line;
                }
            }
            return "";
        }

        @Override
        public String toString() {
            return (received ? "<- " : "-> ") + text.lines().findFirst().orElse("");
        }
    }
}
