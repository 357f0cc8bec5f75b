package io.trunkline.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TimelineEvent;
import io.trunkline.core.testing.Await;
import io.trunkline.metrics.records.CallRecordJson;
import io.trunkline.server.testing.Sipp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.server.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages an operator looks at, in a real headless Chromium, after two SIPp calls at once against a gateway with
 * the demo agent: a call's page draws its timeline with that call's events in order, and the live page draws its charts with
 * the calls in them. Both pages run with a console free of errors and without a request leaving loopback; their
 * screenshots are left in {@code target/screenshots/} for a reviewer.
 */
class CallPagesEndToEndIT {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path TIMELINE_CALL =
            Path.of("src", "test", "resources", "observe", "timeline-call.xml").toAbsolutePath();
    private static final Pattern EVENT = Pattern.compile("data-event=\"([^\"]+)\" data-at=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Tools.require(Tools.SIPP, "sip-tester");
        Tools.require(Tools.CHROMIUM, "chromium");
    }

    @Test
    void aCallsPageDrawsItsTimelineAndTheLivePageChartsTheCalls() throws Exception {
        // The caller speaks 300 ms every 2 s for 6 s; the demo agent echoes it 500 ms later: a turn every 2 s. A
        // second caller, on a SIPp of its own, keeps talking meanwhile: two calls in progress at once.
        Path timelineCaller = Files.createDirectories(dir.resolve("timeline"));
        Path otherCaller = Files.createDirectories(dir.resolve("other"));
        for (Path caller : List.of(timelineCaller, otherCaller)) {
            TestAudio.writeUlawWav(caller.resolve("caller.wav"), TestAudio.ulawBursts(440, -12, 300, 2000, 6000));
        }
        try (ObservedGateway gw = ObservedGateway.start(dir)) {
            Sipp.Running timeline = Sipp.start(timelineCaller, gw.sipPort(), TIMELINE_CALL, 60,
                    "-s", "+15083728299", "-m", "1");
            Sipp.Running other = Sipp.start(otherCaller, gw.sipPort(), Sipp.OBSERVE_CALL, 60,
                    "-s", "+15083728299", "-m", "1", "-d", "9000");
            Await.until(Duration.ofSeconds(15), "both calls answered", () -> {
                List<ActiveCall> active = gw.gateway().bridge().activeCallList();
                return active.size() == 2 && active.stream().allMatch(c -> c.answeredAt() != null);
            });
            assertEquals(200, gw.get("/history").statusCode()); // samples the calls in progress now
            for (Sipp.Running sipp : List.of(timeline, other)) {
                Sipp.Result result = sipp.await(60);
                assertEquals(0, result.exitCode(), "SIPp failed:\n" + result.describe());
            }
            Await.until(Duration.ofSeconds(10), "both records", () -> gw.records().size() == 2);
            // The call that pressed 4 is the one whose timeline is checked.
            CallRecord r = gw.records().stream().filter(c -> c.dtmfDigits().contains("4")).findFirst()
                    .orElseThrow(() -> new AssertionError("no record with the key press: " + gw.records()));

            JsonNode json = CallRecordJson.mapper().readTree(gw.get("/calls/" + r.callId()).body());
            assertEquals("/calls/" + r.callId(), json.path("record").path("url").asText());
            Await.until(Duration.ofSeconds(5), "the record file", () -> gw.gateway().records().written() == 2);
            assertTrue(Files.readString(gw.recordFile()).contains("\"url\":\"/calls/" + r.callId() + "\""),
                    "the record file names each call's page");

            Chromium.Visit call = Chromium.visit(dir, gw.url("/calls/" + r.callId()),
                    SCREENSHOTS.resolve("call-timeline.png"), 1250);
            assertCleanAndLocal(call);
            assertTimelineInOrder(call.dom(), r);

            Chromium.Visit live = Chromium.visit(dir, gw.url("/"), SCREENSHOTS.resolve("live-page.png"), 1100);
            assertCleanAndLocal(live);
            assertChartsShowTheCalls(live.dom(), gw.records());
        }
    }

    private static void assertCleanAndLocal(Chromium.Visit visit) {
        assertTrue(visit.console().isEmpty(), "the page's console: " + visit.console());
        assertTrue(visit.offLoopback().isEmpty(), "requests off loopback: " + visit.offLoopback());
        assertTrue(visit.requests().stream().anyMatch(u -> u.endsWith("/assets/uplot.js")),
                "the charting library came from the gateway: " + visit.requests());
    }

    private static void assertTimelineInOrder(String dom, CallRecord r) {
        int start = dom.indexOf("id=\"timeline\"");
        assertTrue(start >= 0, dom);
        String timeline = dom.substring(start, dom.indexOf("</svg>", start));
        List<String> kinds = new ArrayList<>();
        double previous = -1;
        Matcher m = EVENT.matcher(timeline);
        while (m.find()) {
            kinds.add(m.group(1));
            double at = Double.parseDouble(m.group(2));
            assertTrue(at >= previous, "drawn in time order: " + kinds + " at " + at);
            previous = at;
        }
        System.out.println("[timeline] " + r.callId() + ": " + kinds);
        assertEquals("invite", kinds.get(0), kinds.toString());
        assertEquals("trying", kinds.get(1), kinds.toString());
        assertEquals("bye", kinds.get(kinds.size() - 1), "the caller's BYE ends it: " + kinds);
        assertBefore(kinds, "agent-connect", "answered");
        assertBefore(kinds, "answered", "ack");
        assertBefore(kinds, "ack", "turn");
        assertBefore(kinds, "caller-speech", "turn");
        long turns = r.timeline().events().stream().filter(e -> e.kind().equals(TimelineEvent.TURN)).count();
        assertTrue(turns >= 2, "turns against the echoing agent: " + r.timeline().events());
        assertEquals(turns, kinds.stream().filter("turn"::equals).count(), "every turn drawn");
        assertBefore(kinds, "turn", "dtmf");
        assertBefore(kinds, "dtmf", "bye");
        double slowest = r.timeline().events().stream().filter(e -> e.kind().equals(TimelineEvent.TURN))
                .mapToDouble(TimelineEvent::durationMs).max().orElseThrow();
        assertTrue(timeline.contains(">" + Math.round(slowest) + " ms<"), "the slowest turn's latency is written on it");
        System.out.println("[timeline] media " + r.timeline().media());
        assertTrue(dom.contains("id=\"verdict-reason\""), "the verdict in words");
        assertTrue(points(dom, "chart-jitter") > 3, "inbound jitter, second by second");
        assertTrue(points(dom, "chart-loss") > 3, "inbound loss, second by second");
        assertTrue(points(dom, "chart-pacing") >= 1, "pacing error of the agent's audio");
    }

    private static void assertChartsShowTheCalls(String dom, List<CallRecord> records) {
        for (String chart : List.of("chart-active", "chart-outcomes", "chart-latency", "chart-verdicts",
                "chart-media")) {
            String div = element(dom, chart);
            assertTrue(dom.indexOf("<canvas", dom.indexOf("id=\"" + chart + "\"")) > 0, chart + " drawn");
            System.out.println("[live] " + div);
        }
        assertEquals(String.valueOf(records.size()), attribute(element(dom, "chart-outcomes"), "data-total"));
        assertEquals(String.valueOf(records.size()), attribute(element(dom, "chart-verdicts"), "data-total"));
        assertTrue(Integer.parseInt(attribute(element(dom, "chart-active"), "data-max")) >= 1, "calls in progress");
        assertTrue(Integer.parseInt(attribute(element(dom, "chart-latency"), "data-points")) >= 1, "latencies");
        assertTrue(Integer.parseInt(attribute(element(dom, "chart-media"), "data-points")) >= 1, "loss and jitter");
        for (CallRecord r : records) {
            assertTrue(dom.contains("href=\"/calls/" + r.callId() + "\""), "a link to the page of " + r.callId());
        }
        assertTrue(dom.contains("id=\"tile-verdicts\"") && dom.contains("Within limits"),
                "the slowest-layer tile in words");
    }

    private static void assertBefore(List<String> kinds, String first, String then) {
        int a = kinds.indexOf(first);
        int b = kinds.lastIndexOf(then);
        assertTrue(a >= 0 && b >= 0 && a < b, first + " before " + then + ": " + kinds);
    }

    private static int points(String dom, String chart) {
        return Integer.parseInt(attribute(element(dom, chart), "data-points"));
    }

    /** The opening tag of the element with {@code id}. */
    private static String element(String dom, String id) {
        int at = dom.indexOf("id=\"" + id + "\"");
        assertTrue(at >= 0, "no " + id + " in the page");
        int open = dom.lastIndexOf('<', at);
        return dom.substring(open, dom.indexOf('>', at) + 1);
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        assertTrue(m.find(), "no " + name + " in " + tag);
        return m.group(1);
    }
}
