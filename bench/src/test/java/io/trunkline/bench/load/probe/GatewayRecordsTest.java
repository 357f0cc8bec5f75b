package io.trunkline.bench.load.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calls of a window are those whose records start in it; ok means answered and ended by the caller. */
class GatewayRecordsTest {

    @TempDir
    Path dir;

    @Test
    void countsTheCallsThatStartedInTheWindowAndSumsTheirDurations() throws Exception {
        Path file = dir.resolve("records.jsonl");
        Files.write(file, List.of(
                record("10:00:00.000", "10:00:09.100", 200, "CALLER_HANGUP"), // warm-up, before the window
                record("10:01:00.000", "10:01:09.100", 200, "CALLER_HANGUP"),
                record("10:01:01.000", "10:01:10.500", 200, "AGENT_HANGUP"),
                record("10:01:02.000", "10:01:02.200", 503, "AGENT_UNAVAILABLE"),
                "",
                record("10:05:00.000", "10:05:09.100", 200, "CALLER_HANGUP"))); // after the window
        GatewayRecords.Window w = GatewayRecords.callsWithin(file, Instant.parse("2026-12-05T10:00:30Z"),
                Instant.parse("2026-12-05T10:02:00Z"));
        assertEquals(3, w.calls());
        assertEquals(1, w.ok());
        assertEquals(9.1 + 9.5 + 0.2, w.seconds(), 1e-9);
    }

    @Test
    void aMissingFileHoldsNoCalls() throws Exception {
        GatewayRecords.Window w = GatewayRecords.callsWithin(dir.resolve("none.jsonl"), Instant.EPOCH, Instant.now());
        assertEquals(new GatewayRecords.Window(0, 0, 0), w);
    }

    private static String record(String start, String end, int status, String reason) {
        return "{\"callId\":\"c\",\"startedAt\":\"2026-12-05T" + start + "Z\",\"endedAt\":\"2026-12-05T" + end
                + "Z\",\"finalStatus\":" + status + ",\"endReason\":\"" + reason + "\"}";
    }
}
