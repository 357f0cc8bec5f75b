package io.trunkline.bench.load.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's own call records (JSON lines) of a run, summarised: how calls ended, and the gateway's own latency
 * figures ({@code gateway.inbound/outbound/pacingWait/pacingError}, per call p50/p99/max in ms) as the median of
 * the per-call p50s and the largest per-call p99 and max. A cross-check of the harness's outside view.
 */
public final class GatewayRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayRecords() {
    }

    public static Map<String, Object> summarise(Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            out.put("records", 0);
            return out;
        }
        Map<String, Integer> endReasons = new TreeMap<>();
        Map<String, List<double[]>> timings = new LinkedHashMap<>();
        int records = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = JSON.readTree(line);
            records++;
            endReasons.merge(r.path("endReason").asText("?") + "/" + r.path("finalStatus").asInt(), 1, Integer::sum);
            JsonNode gw = r.path("gateway");
            for (String part : List.of("inbound", "outbound", "pacingWait", "pacingError")) {
                JsonNode s = gw.path(part);
                if (s.path("count").asLong(0) > 0) {
                    timings.computeIfAbsent(part, k -> new ArrayList<>()).add(new double[] {
                        s.path("p50Ms").asDouble(), s.path("p99Ms").asDouble(), s.path("maxMs").asDouble()});
                }
            }
        }
        out.put("records", records);
        out.put("endReasons", endReasons);
        Map<String, Object> own = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> e : timings.entrySet()) {
            List<Double> p50 = new ArrayList<>();
            double p99Max = 0;
            double max = 0;
            for (double[] v : e.getValue()) {
                p50.add(v[0]);
                p99Max = Math.max(p99Max, v[1]);
                max = Math.max(max, v[2]);
            }
            Collections.sort(p50);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("calls", e.getValue().size());
            s.put("medianOfCallP50Ms", p50.get(p50.size() / 2));
            s.put("largestCallP99Ms", p99Max);
            s.put("maxMs", max);
            own.put(e.getKey(), s);
        }
        out.put("gatewayOwnTimings", own);
        return out;
    }

    /** The calls a window holds: how many started in it, how many of those were answered, their summed duration. */
    public record Window(int calls, int ok, double seconds) {
    }

    /** The records of the calls that started within {@code [from, to]}. */
    public static Window callsWithin(Path file, java.time.Instant from, java.time.Instant to) throws IOException {
        if (!Files.exists(file)) {
            return new Window(0, 0, 0);
        }
        int calls = 0;
        int ok = 0;
        double seconds = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = JSON.readTree(line);
            java.time.Instant started = java.time.Instant.parse(r.path("startedAt").asText());
            if (started.isBefore(from) || started.isAfter(to)) {
                continue;
            }
            calls++;
            ok += r.path("finalStatus").asInt() == 200 && r.path("endReason").asText().equals("CALLER_HANGUP") ? 1 : 0;
            if (r.hasNonNull("endedAt")) {
                seconds += java.time.Duration.between(started, java.time.Instant.parse(r.path("endedAt").asText()))
                        .toNanos() / 1e9;
            }
        }
        return new Window(calls, ok, seconds);
    }
}
