package io.trunkline.bench.load;

import static io.trunkline.bench.load.ResultRows.fmt;
import static io.trunkline.bench.load.ResultRows.num;
import static io.trunkline.bench.load.ResultRows.str;

import io.trunkline.bench.load.report.ResultsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** A soak's section in the results file: a summary line and one table row per sample. */
final class SoakRows {

    private static final String HEADER = "| minute | calls active | calls ended | heap after GC MB | RSS MB | threads "
            + "| open fds | gateway CPU cores | inbound processing p50 / p99 ms | outbound processing p50 / p99 ms "
            + "| pacing error p50 / p99 ms | setup p50 / p99 ms |";

    private SoakRows() {
    }

    static void append(Path results, Map<String, Object> r, Path runDir) throws IOException {
        StringBuilder b = new StringBuilder("\n#### Soak ")
                .append(str(r, "date").substring(0, 16).replace('T', ' ')).append(" UTC, commit ")
                .append(str(r, "commit")).append("\n\n")
                .append(summary(r)).append("\n\nResult: `").append(ResultRows.relative(runDir))
                .append("/result.json`. Command: `").append(ResultsFile.cell(str(r, "command"))).append("`\n\n")
                .append(HEADER).append('\n').append("|").append(" --- |".repeat(12)).append('\n');
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) r.get("samples");
        for (Map<String, Object> s : samples) {
            b.append("| ").append(String.join(" | ",
                    fmt(num(s, "minute"), 1),
                    fmt(num(s, "callsActive"), 0),
                    fmt(num(s, "callsEnded"), 0),
                    fmt(num(s, "heapAfterGcKb") / 1024, 1),
                    fmt(num(s, "rssKb") / 1024, 1),
                    fmt(num(s, "threads"), 0),
                    fmt(num(s, "openFiles"), 0),
                    fmt(num(s, "cpuCores"), 3),
                    pair(s, "inbound"),
                    pair(s, "outbound"),
                    pair(s, "pacingError"),
                    pair(s, "setup"))).append(" |\n");
        }
        Files.writeString(results, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** One paragraph: the calls, failures, records and the trend of each resource over the steady part. */
    static String summary(Map<String, Object> r) {
        return "Soak of " + fmt(num(r, "soakMinutes"), 0) + " min at " + fmt(num(r, "sipp.concurrentLimit"), 0)
                + " concurrent calls (mean hold " + fmt(num(r, "sipp.holdMeanSeconds"), 0) + " s): SIPp placed "
                + fmt(num(r, "sipp.placed"), 0) + ", successful " + fmt(num(r, "sipp.successful"), 0) + ", failed "
                + fmt(num(r, "sipp.failed"), 0) + "; records written " + fmt(num(r, "gateway.records.records"), 0)
                + "; after the last call: " + fmt(num(r, "gateway.endState.callsActive"), 0) + " calls and "
                + fmt(num(r, "gateway.endState.rtpPortsInUse"), 0) + " port pairs in use, "
                + fmt(num(r, "gateway.endState.threads"), 0) + " threads, "
                + fmt(num(r, "gateway.endState.openFiles"), 0) + " fds; slope per hour over the steady part: heap "
                + trend(r, "heapAfterGcKb", 1024, " MB") + ", RSS " + trend(r, "rssKb", 1024, " MB") + ", threads "
                + trend(r, "threads", 1, "") + ", fds " + trend(r, "openFiles", 1, "") + "; GC pause max "
                + fmt(num(r, "gateway.gcPauseMaxMs"), 3) + " ms (" + fmt(num(r, "gateway.gcPausesOver5ms"), 0)
                + " over 5 ms).";
    }

    private static String trend(Map<String, Object> r, String key, double unit, String suffix) {
        return fmt(num(r, "trend." + key + ".slopePerHour") / unit, 2) + suffix + " (first "
                + fmt(num(r, "trend." + key + ".first") / unit, 1) + ", last "
                + fmt(num(r, "trend." + key + ".last") / unit, 1) + ")";
    }

    private static String pair(Map<String, Object> s, String name) {
        return fmt(num(s, name + "P50Ms"), 2) + " / " + fmt(num(s, name + "P99Ms"), 2);
    }
}
