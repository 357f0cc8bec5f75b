package io.trunkline.metrics.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.GatewayMeters;
import io.trunkline.metrics.MicrometerCallObserver;
import io.trunkline.metrics.TestRecords;
import io.trunkline.metrics.history.CallHistory;
import io.trunkline.metrics.records.CallRecordJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics port over real loopback HTTP. */
class MetricsHttpServerIT {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<CallRecord> records = new CopyOnWriteArrayList<>();
    private final List<ActiveCall> active = new CopyOnWriteArrayList<>();
    private volatile String state = "starting";
    private final HttpClient client = HttpClient.newHttpClient();
    private final CallHistory history =
            new CallHistory(Clock.fixed(Instant.parse("2026-01-01T10:30:20Z"), ZoneOffset.UTC));
    private MetricsHttpServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        GatewayStatus status = new GatewayStatus() {
            @Override
            public String state() {
                return state;
            }

            @Override
            public List<ActiveCall> activeCalls() {
                return List.copyOf(active);
            }

            @Override
            public List<CallRecord> recentRecords() {
                return List.copyOf(records);
            }

            @Override
            public long callsEnded() {
                return records.size();
            }

            @Override
            public CallHistory history() {
                return history;
            }
        };
        server = new MetricsHttpServer("127.0.0.1", 0, registry::scrape, status).add(new EchoEndpoint());
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadinessFollowTheGatewayState() throws Exception {
        assertEquals(200, get("/health").statusCode());
        HttpResponse<String> ready = get("/ready");
        assertEquals(503, ready.statusCode(), "not ready before SIP is bound");
        assertTrue(ready.body().contains("\"state\":\"starting\""), ready.body());
        state = "ready";
        assertEquals(200, get("/ready").statusCode());
        state = "draining";
        assertEquals(503, get("/ready").statusCode());
    }

    @Test
    void metricsAreServedInThePrometheusTextFormat() throws Exception {
        new MicrometerCallObserver(new GatewayMeters(registry)).callEnded(TestRecords.answered("c-1"));
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("# HELP gateway_calls_total"), metrics.body());
        assertTrue(metrics.body().contains(
                "gateway_calls_total{agent=\"demo\",direction=\"inbound\",outcome=\"answered\"} 1.0"));
    }

    @Test
    void callsListActiveCallsRecentRecordsAndHeadlines() throws Exception {
        active.add(new ActiveCall("c-live", "live@host", "CA9", "sip:+1@a", "sip:+2@b", "demo", "PCMU_8K", "ANSWERED",
                Instant.now(), Instant.now()));
        records.add(TestRecords.refused("c-old"));
        records.add(TestRecords.answered("c-new"));
        JsonNode calls = CallRecordJson.mapper().readTree(get("/calls").body());
        assertEquals("c-live", calls.path("active").get(0).path("callId").asText());
        assertEquals("c-new", calls.path("recent").get(0).path("callId").asText(), "newest first");
        assertEquals("none", calls.path("recent").get(0).path("attribution").path("verdict").asText());
        assertEquals(2, calls.path("summary").path("window").asInt());
        assertEquals(1, calls.path("summary").path("answered").asInt());
        assertEquals(900.0, calls.path("summary").path("setupP95Ms").asDouble());
        assertEquals(2, calls.path("callsEnded").asInt());

        JsonNode one = CallRecordJson.mapper().readTree(get("/calls/c-new").body());
        assertFalse(one.path("active").asBoolean());
        assertEquals(950.0, one.path("record").path("turns").path("p95Ms").asDouble());
        assertTrue(CallRecordJson.mapper().readTree(get("/calls/live@host").body()).path("active").asBoolean(),
                "found by SIP Call-ID too");
        assertEquals(404, get("/calls/c-nope").statusCode());
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void theDashboardIsOnePageWithNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        String html = page.body();
        assertTrue(html.contains("getJson(\"/calls\")") && html.contains("getJson(\"/history\")"),
                "reads the calls listing and the last hour");
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"(https?:)?//.*"), "no external resources");
        for (String asset : List.of("/assets/uplot.js", "/assets/uplot.css", "/assets/pages.js", "/assets/pages.css")) {
            assertTrue(html.contains("\"" + asset + "\""), "the page loads " + asset);
            HttpResponse<String> served = get(asset);
            assertEquals(200, served.statusCode(), asset);
            assertTrue(served.body().length() > 1000, asset + " has content");
            assertFalse(served.body().contains("//fonts.") || served.body().contains("@import"), asset);
        }
        assertTrue(get("/assets/uplot.js").body().contains("uPlot"), "the charting library itself");
        assertEquals(404, get("/assets/nothing.js").statusCode());
        assertFalse(html.contains("@import") || html.contains("url("), "no external styles or fonts");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + "/calls"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void aCallIsAPageForBrowsersAndJsonForEveryoneElse() throws Exception {
        records.add(TestRecords.answered("c-page"));
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";
        HttpResponse<String> page = get("/calls/c-page", browser);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("id=\"timeline\""), "the call's page");
        assertEquals(404, get("/calls/c-nope", browser).statusCode(), "an unknown call's page says so");
        active.add(new ActiveCall("c-live", "live@host", "CA9", "sip:+1@a", "sip:+2@b", "demo", "PCMU_8K", "ANSWERED",
                Instant.now(), Instant.now()));
        assertEquals(200, get("/calls/c-live", browser).statusCode(), "a call in progress has its page too");

        for (String accept : List.of("application/json", "*/*", "application/json, text/html;q=0.5")) {
            HttpResponse<String> json = get("/calls/c-page", accept);
            assertTrue(json.headers().firstValue("content-type").orElse("").startsWith("application/json"), accept);
            JsonNode record = CallRecordJson.mapper().readTree(json.body()).path("record");
            assertEquals("/calls/c-page", record.path("url").asText(), "the record names its page");
        }
        assertTrue(get("/calls/c-page").body().contains("\"url\":\"/calls/c-page\""), "no Accept: JSON");
        assertTrue(get("/calls").body().contains("\"url\":\"/calls/c-page\""), "the listing too");
    }

    @Test
    void historyServesTheLastHourMinuteByMinute() throws Exception {
        history.add(TestRecords.answered("c-1"));
        history.add(TestRecords.refused("c-2"));
        active.add(new ActiveCall("c-live", "live@host", "CA9", "sip:+1@a", "sip:+2@b", "demo", "PCMU_8K", "ANSWERED",
                Instant.now(), Instant.now()));
        JsonNode minutes = CallRecordJson.mapper().readTree(get("/history").body()).path("minutes");
        assertEquals(CallHistory.MINUTES, minutes.size());
        JsonNode now = minutes.get(CallHistory.MINUTES - 1);
        assertEquals(2, now.path("ended").asInt(), now.toString());
        assertEquals(1, now.path("outcomes").path("answered").asInt());
        assertEquals(1, now.path("outcomes").path("rejected").asInt());
        assertEquals(1, now.path("activeMax").asInt(), "the calls in progress, sampled as the page asks");
        assertEquals(900.0, now.path("setupP95Ms").asDouble());
        assertEquals(2, now.path("verdicts").path("none").asInt());
        assertTrue(minutes.get(0).path("setupP95Ms").isNull(), "a quiet minute measured nothing");
        assertEquals(60, now.path("t").asLong() - minutes.get(CallHistory.MINUTES - 2).path("t").asLong());
    }

    @Test
    void addedEndpointsAnswerTheirPathsWhateverTheMethod() throws Exception {
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + "/echo/x"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode());
        assertEquals("POST /echo/x hello", post.body());
        assertEquals(200, get("/health").statusCode(), "the built-in routes stay");
    }

    /** Answers every path under {@code /echo/} with the method, path and body it got. */
    private static final class EchoEndpoint implements HttpEndpoint {
        @Override
        public boolean serves(String path) {
            return path.startsWith("/echo/");
        }

        @Override
        public FullHttpResponse handle(FullHttpRequest request, String path) {
            String body = request.method() + " " + path + " " + request.content().toString(StandardCharsets.UTF_8);
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        }
    }
}
