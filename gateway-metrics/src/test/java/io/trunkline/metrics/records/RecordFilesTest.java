package io.trunkline.metrics.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.observe.DropTally;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TrunkResponse;
import io.trunkline.metrics.TestRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFilesTest {

    @TempDir
    Path dir;

    @Test
    void theRecordCarriesEveryLayerUnderStableNames() throws Exception {
        JsonNode json = CallRecordJson.mapper().readTree(CallRecordJson.toJson(TestRecords.answered("c-1")));
        // names other tools already read
        assertEquals("c-1", json.path("callId").asText());
        assertEquals("/calls/c-1", json.path("url").asText(), "the path of the call's page");
        assertTrue(json.path("timeline").path("events").isArray(), "the timeline, empty here");
        assertEquals(0, json.path("timeline").path("media").path("inboundPackets").size());
        assertEquals(500, json.path("inbound").path("packets").asInt());
        assertEquals(510, json.path("outbound").path("packets").asInt());
        assertEquals("42#", json.path("dtmfDigits").asText());
        assertEquals("CALLER_HANGUP", json.path("endReason").asText());
        assertEquals("CALLER", json.path("endedBy").asText());
        assertEquals(200, json.path("finalStatus").asInt());
        assertEquals(900.0, json.path("sip").path("answered").asDouble());
        assertEquals(850.0, json.path("agent").path("connectMs").asDouble());
        // the observability fields
        assertEquals("ANSWERED", json.path("outcome").asText());
        assertEquals(3, json.path("dtmfCount").asInt());
        assertEquals(320.0, json.path("agent").path("firstSpeechMs").asDouble());
        assertEquals(400.0, json.path("agent").path("connectRestMs").asDouble());
        assertEquals(950.0, json.path("turns").path("p95Ms").asDouble());
        assertEquals(42.0, json.path("farEnd").path("rttMs").asDouble());
        assertEquals(0.9, json.path("gateway").path("inbound").path("p99Ms").asDouble());
        // 1 % inbound loss without concealment (Ie,eff 17.9) dominates: MOS 3.79 inbound, 4.05 outbound
        assertEquals(3.793, json.path("quality").path("mos").asDouble(), 0.001, json.path("quality").toString());
        assertEquals(4.050, json.path("quality").path("outboundMos").asDouble(), 0.001);
        JsonNode attribution = json.path("attribution");
        assertEquals("none", attribution.path("verdict").asText());
        assertEquals(30.0, attribution.path("carrier").path("ackMs").asDouble());
        assertEquals(0.9, attribution.path("gateway").path("inboundP99Ms").asDouble());
        assertEquals(950.0, attribution.path("agent").path("turnP95Ms").asDouble());
        assertTrue(attribution.path("exceeded").isArray());

        JsonNode refused = CallRecordJson.mapper().readTree(CallRecordJson.toJson(TestRecords.refused("c-2")));
        assertEquals("REJECTED", refused.path("outcome").asText());
        assertTrue(refused.path("farEnd").isMissingNode(), "no RTCP, no farEnd section");
        assertEquals("none", refused.path("attribution").path("verdict").asText());
        // Not measured is null, never a number that tools would average in.
        assertTrue(refused.path("quality").path("mos").isNull(), refused.path("quality").toString());
        assertTrue(refused.path("sip").path("acked").isNull(), refused.path("sip").toString());
        assertTrue(refused.path("agent").path("firstSpeechMs").isNull());
        assertTrue(refused.path("turns").path("p95Ms").isNull());
        assertTrue(refused.path("gateway").path("inbound").path("p99Ms").isNull());
        assertTrue(refused.path("attribution").path("carrier").path("rttMs").isNull());
        assertEquals(0, refused.path("turns").path("count").asInt(), "counts stay numbers");
        assertFalse(CallRecordJson.toJson(TestRecords.refused("c-2")).contains("-1"), "no -1 placeholder anywhere");
        assertTrue(refused.path("drops").path("inbound").isObject());
        assertEquals(0, refused.path("drops").path("inbound").size(), "nothing dropped: empty");
        assertEquals("inbound", refused.path("direction").asText());
    }

    @Test
    void anOutboundRecordSaysSoWithTheTrunksResponses() throws Exception {
        CallRecord busy = CallRecord.builder("o-1").agentKind("demo").direction(CallDirection.OUTBOUND)
                .trunkResponses(List.of(new TrunkResponse(100, 4.5), new TrunkResponse(180, 60.0),
                        new TrunkResponse(486, 2100.0)))
                .finalStatus(486).endReason(EndReason.CALLEE_BUSY).build();
        JsonNode json = CallRecordJson.mapper().readTree(CallRecordJson.toJson(busy));
        assertEquals("outbound", json.path("direction").asText());
        assertEquals("BUSY", json.path("outcome").asText());
        assertEquals(486, json.path("finalStatus").asInt());
        JsonNode responses = json.path("trunkResponses");
        assertEquals(3, responses.size());
        assertEquals(180, responses.get(1).path("status").asInt());
        assertEquals(60.0, responses.get(1).path("millis").asDouble());
    }

    @Test
    void dropsAreListedByDirectionAndReason() throws Exception {
        DropTally tally = new DropTally(DropObserver.NONE);
        tally.dropped(DropReason.PLAYOUT_FULL, 75);
        tally.dropped(DropReason.RTP_MALFORMED, 2);
        CallRecord record = CallRecord.builder("c-3").endReason(EndReason.CALLER_HANGUP).drops(tally.totals()).build();
        JsonNode drops = CallRecordJson.mapper().readTree(CallRecordJson.toJson(record)).path("drops");
        assertEquals("{\"inbound\":{\"malformed\":2},\"outbound\":{\"playout-full\":75}}", drops.toString());
    }

    @Test
    void theFileRotatesBySizeAndKeepsTheConfiguredBackups() throws Exception {
        Path file = dir.resolve("calls.jsonl");
        AtomicInteger written = new AtomicInteger();
        int lineBytes = CallRecordJson.toJson(TestRecords.answered("c-000")).length() + 1;
        JsonLinesRecordSink sink = new JsonLinesRecordSink(file, 3L * lineBytes, 2, 4,
                new JsonLinesRecordSink.Listener() {
                    @Override
                    public void written() {
                        written.incrementAndGet();
                    }
                });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = String.format("c-%03d", i);
            ids.add(id);
            sink.accept(TestRecords.answered(id));
        }
        sink.close();

        assertEquals(10, written.get());
        assertEquals(10, sink.written());
        // 3 lines per file: 9 and 10 are current... the newest file holds the last record(s)
        List<String> current = Files.readAllLines(file);
        List<String> first = Files.readAllLines(dir.resolve("calls.jsonl.1"));
        List<String> second = Files.readAllLines(dir.resolve("calls.jsonl.2"));
        assertFalse(Files.exists(dir.resolve("calls.jsonl.3")), "only two backups kept");
        assertEquals(List.of("c-009"), callIds(current));
        assertEquals(List.of("c-006", "c-007", "c-008"), callIds(first));
        assertEquals(List.of("c-003", "c-004", "c-005"), callIds(second));
        List<CallRecord> recent = sink.recent();
        assertEquals(4, recent.size(), "the in-memory window is bounded");
        assertEquals("c-009", recent.get(3).callId());
    }

    private static List<String> callIds(List<String> lines) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            ids.add(CallRecordJson.mapper().readTree(line).path("callId").asText());
        }
        return ids;
    }
}
