package io.trunkline.metrics.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.RtpStreamStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRecordSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonObjectPerLineForEveryOutcome() throws Exception {
        Path file = dir.resolve("records/calls.jsonl");
        JsonLinesRecordSink sink = new JsonLinesRecordSink(file);
        CallParties parties = new CallParties("id@host", "sip:a@b", "sip:c@d", "CA1", null, null, null,
                Map.of("X-Tenant", "acme"));
        sink.accept(CallRecord.builder("c-1").parties(parties).startedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .inbound(RtpStreamStats.sent(50, 8000)).finalStatus(200).endReason(EndReason.CALLER_HANGUP).build());
        sink.accept(CallRecord.builder("c-2").parties(parties).finalStatus(503)
                .endReason(EndReason.REJECTED_CAPACITY).build());
        sink.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode first = CallRecordJson.mapper().readTree(lines.get(0));
        assertEquals("c-1", first.get("callId").asText());
        assertEquals("2026-01-01T00:00:00Z", first.get("startedAt").asText());
        assertEquals(50, first.get("inbound").get("packets").asInt());
        assertEquals("CALLER", first.get("endedBy").asText());
        assertEquals("acme", first.get("parties").get("customHeaders").get("X-Tenant").asText());
        JsonNode second = CallRecordJson.mapper().readTree(lines.get(1));
        assertEquals("REJECTED_CAPACITY", second.get("endReason").asText());
        assertEquals(503, second.get("finalStatus").asInt());
        assertEquals(2, sink.written());
        assertEquals(2, sink.recent().size());
        assertTrue(sink.dropped() == 0);
    }
}
