package io.trunkline.bench.load;

import io.trunkline.bench.load.report.ResultsFile;
import java.nio.file.Path;
import java.util.Map;

/** The Markdown rows (and the console summary) of a run's result. */
final class ResultRows {

    static final String CALLS_HEADER = "| date (UTC) | commit | agent path | calls up | window s "
            + "| inbound latency p50 / p99 / max ms | outbound added p50 / p99 / max ms "
            + "| outbound total p50 / p99 ms (pacing wait p50) | frames lost in / out, dup, undecodable "
            + "| pacing interval error p50 / p99 ms (slot lateness p99) | setup p50 / p95 ms "
            + "| gateway CPU % of a core per call (total) | heap KB per call | RSS KB per call "
            + "| GC pauses max ms (count, > 5 ms) | harness CPU % of a core | machine | result | command |";

    static final String SIPP_HEADER = "| date (UTC) | commit | agent path | SIPp rate cps | calls placed / ok / failed "
            + "| setup (INVITE → 200) p50 / p95 / p99 / max ms | achieved rate cps | gateway CPU % of a core "
            + "| GC pauses max ms (count, > 5 ms) | machine | result | command |";

    static final String CHURN_HEADER = "| date (UTC) | commit | agent path | rate cps | calls placed / ok (records) "
            + "| gateway CPU per call-second (without JIT) | gateway CPU ms per call (of which JIT) | call-seconds "
            + "| setup (INVITE → 200) p50 / p95 ms | machine | result | command |";

    private ResultRows() {
    }

    static String calls(Map<String, Object> r, Path runDir) {
        return "| " + String.join(" | ",
                str(r, "date").substring(0, 16).replace('T', ' '),
                str(r, "commit"),
                path(r),
                fmt(num(r, "callsUpInWindow"), 0),
                fmt(num(r, "windowSeconds"), 0),
                triple(r, "inbound.latencyMs", "p50", "p99", "max"),
                triple(r, "outbound.addedMs", "p50", "p99", "max"),
                fmt(num(r, "outbound.totalMs.p50"), 3) + " / " + fmt(num(r, "outbound.totalMs.p99"), 3) + " ("
                        + fmt(num(r, "outbound.pacingWaitMs.p50"), 3) + ")",
                fmt(num(r, "inbound.lost"), 0) + " / " + fmt(num(r, "outbound.lost"), 0) + ", "
                        + fmt(num(r, "inbound.duplicates") + num(r, "outbound.duplicates"), 0) + ", "
                        + fmt(num(r, "inbound.undecodable") + num(r, "outbound.undecodable"), 0),
                fmt(num(r, "outbound.intervalErrorMs.p50"), 3) + " / " + fmt(num(r, "outbound.intervalErrorMs.p99"), 3)
                        + " (" + fmt(num(r, "outbound.slotLatenessMs.p99"), 3) + ")",
                fmt(num(r, "calls.setupMs.p50"), 2) + " / " + fmt(num(r, "calls.setupMs.p95"), 2),
                fmt(num(r, "gateway.cpuPercentOfCorePerCall"), 3) + " ("
                        + fmt(100 * num(r, "gateway.cpuCores"), 1) + " %)",
                fmt(num(r, "gateway.heapPerCallKb"), 1),
                fmt(num(r, "gateway.rssPerCallKb"), 1),
                fmt(num(r, "gateway.gcPausesRun.maxMs"), 3) + " (" + fmt(num(r, "gateway.gcPausesRun.count"), 0) + ", "
                        + fmt(num(r, "gateway.gcPausesRun.over5ms"), 0) + ")",
                fmt(100 * num(r, "harness.cpuCores"), 1),
                ResultsFile.cell(((Map<?, ?>) r.get("machine")).get("nproc") + " × "
                        + ((Map<?, ?>) r.get("machine")).get("cpuModel") + ", busy "
                        + fmt(num(r, "machineBusyCores"), 2) + " cores, others " + fmt(num(r, "otherLoadCores"), 2)
                        + " (" + fmt(num(r, "secondsWithOtherLoad"), 0) + " s > 0.2)"),
                "`" + relative(runDir) + "/result.json`",
                "`" + ResultsFile.cell(str(r, "command")) + "`") + " |";
    }

    static String sipp(Map<String, Object> r, Path runDir) {
        return "| " + String.join(" | ",
                str(r, "date").substring(0, 16).replace('T', ' '),
                str(r, "commit"),
                str(r, "options.agent").isEmpty() ? "twilio-stream" : str(r, "options.agent"),
                fmt(num(r, "sipp.rate"), 0),
                fmt(num(r, "sipp.placed"), 0) + " / " + fmt(num(r, "sipp.successful"), 0) + " / "
                        + fmt(num(r, "sipp.failed"), 0),
                fmt(num(r, "sipp.setupMs.p50"), 3) + " / " + fmt(num(r, "sipp.setupMs.p95"), 3) + " / "
                        + fmt(num(r, "sipp.setupMs.p99"), 3) + " / " + fmt(num(r, "sipp.setupMs.max"), 3),
                fmt(num(r, "sipp.achievedRate"), 1),
                fmt(100 * num(r, subject(r) + ".cpuCores"), 1) + (isPeer(r) ? " (peer)" : ""),
                fmt(num(r, "gateway.gcPausesRun.maxMs"), 3) + " (" + fmt(num(r, "gateway.gcPausesRun.count"), 0) + ", "
                        + fmt(num(r, "gateway.gcPausesRun.over5ms"), 0) + ")",
                ResultsFile.cell(((Map<?, ?>) r.get("machine")).get("nproc") + " × "
                        + ((Map<?, ?>) r.get("machine")).get("cpuModel") + ", busy "
                        + fmt(num(r, "machineBusyCores"), 2) + " cores"),
                "`" + relative(runDir) + "/result.json`",
                "`" + ResultsFile.cell(str(r, "command")) + "`") + " |";
    }

    static String churn(Map<String, Object> r, Path runDir) {
        if (isPeer(r)) {
            return peerChurn(r, runDir);
        }
        return "| " + String.join(" | ",
                str(r, "date").substring(0, 16).replace('T', ' '),
                str(r, "commit"),
                str(r, "options.agent").isEmpty() ? "twilio-stream" : str(r, "options.agent"),
                fmt(num(r, "sipp.rate"), 0),
                fmt(num(r, "sipp.placed"), 0) + " / " + fmt(num(r, "sipp.successful"), 0) + " ("
                        + fmt(num(r, "gateway.callsOkInWindow"), 0) + ")",
                fmt(num(r, "gateway.cpuPercentPerCallSecond"), 3) + " % ("
                        + fmt(num(r, "gateway.cpuPercentPerCallSecondWithoutJit"), 3) + " %)",
                fmt(num(r, "gateway.cpuMsPerCall"), 2) + " (" + fmt(num(r, "gateway.jitMsPerCall"), 2) + ")",
                fmt(num(r, "gateway.callSeconds"), 0),
                fmt(num(r, "sipp.setupMs.p50"), 3) + " / " + fmt(num(r, "sipp.setupMs.p95"), 3),
                ResultsFile.cell(((Map<?, ?>) r.get("machine")).get("nproc") + " × "
                        + ((Map<?, ?>) r.get("machine")).get("cpuModel") + ", busy "
                        + fmt(num(r, "machineBusyCores"), 2) + " cores, others " + fmt(num(r, "otherLoadCores"), 2)),
                "`" + relative(runDir) + "/result.json`",
                "`" + ResultsFile.cell(str(r, "command")) + "`") + " |";
    }

    /** A peer's churn row: the CPU figures from SIPp's call counts, the JIT column empty. */
    private static String peerChurn(Map<String, Object> r, Path runDir) {
        return "| " + String.join(" | ",
                str(r, "date").substring(0, 16).replace('T', ' '),
                str(r, "commit"),
                "peer `" + ResultsFile.cell(str(r, "peer.command")) + "`, twilio-stream",
                fmt(num(r, "sipp.rate"), 0),
                fmt(num(r, "sipp.placed"), 0) + " / " + fmt(num(r, "sipp.successful"), 0) + " (no records)",
                fmt(num(r, "peer.cpuPercentPerCallSecondSipp"), 3) + " % (SIPp call-seconds)",
                fmt(num(r, "peer.cpuMsPerCallSipp"), 2) + " (–)",
                fmt(num(r, "peer.callSecondsSipp"), 0),
                fmt(num(r, "sipp.setupMs.p50"), 3) + " / " + fmt(num(r, "sipp.setupMs.p95"), 3),
                ResultsFile.cell(((Map<?, ?>) r.get("machine")).get("nproc") + " × "
                        + ((Map<?, ?>) r.get("machine")).get("cpuModel") + ", busy "
                        + fmt(num(r, "machineBusyCores"), 2) + " cores, others " + fmt(num(r, "otherLoadCores"), 2)),
                "`" + relative(runDir) + "/result.json`",
                "`" + ResultsFile.cell(str(r, "command")) + "`") + " |";
    }

    /** A few lines for the console. */
    static String text(Map<String, Object> r) {
        if ("soak".equals(r.get("kind"))) {
            return SoakRows.summary(r);
        }
        if (isPeer(r)) {
            return r.get("kind") + " (peer): SIPp rate " + fmt(num(r, "sipp.rate"), 0) + " cps: placed "
                    + fmt(num(r, "sipp.placed"), 0) + ", ok " + fmt(num(r, "sipp.successful"), 0) + ", failed "
                    + fmt(num(r, "sipp.failed"), 0) + ", setup p50/p95/p99 " + fmt(num(r, "sipp.setupMs.p50"), 3)
                    + "/" + fmt(num(r, "sipp.setupMs.p95"), 3) + "/" + fmt(num(r, "sipp.setupMs.p99"), 3)
                    + " ms; peer CPU (process tree) " + fmt(num(r, "peer.cpuMsPerCallSipp"), 2) + " ms per call, "
                    + fmt(num(r, "peer.cpuPercentPerCallSecondSipp"), 3) + " % per call-second ("
                    + fmt(num(r, "peer.callSecondsSipp"), 1) + " call-seconds by SIPp)"
                    + (r.get("peer") instanceof Map<?, ?> p && p.containsKey("exitedDuringWindow")
                            ? "; THE PEER EXITED DURING THE WINDOW (see peer.log)" : "");
        }
        if ("sipp".equals(r.get("kind")) || "churn".equals(r.get("kind"))) {
            return r.get("kind") + ": SIPp rate " + fmt(num(r, "sipp.rate"), 0) + " cps: placed "
                    + fmt(num(r, "sipp.placed"), 0)
                    + ", failed " + fmt(num(r, "sipp.failed"), 0) + ", setup p50/p95/p99 "
                    + fmt(num(r, "sipp.setupMs.p50"), 3) + "/" + fmt(num(r, "sipp.setupMs.p95"), 3) + "/"
                    + fmt(num(r, "sipp.setupMs.p99"), 3) + " ms; gateway CPU " + fmt(num(r, "gateway.cpuMsPerCall"), 2)
                    + " ms per call (JIT " + fmt(num(r, "gateway.jitMsPerCall"), 2) + "), "
                    + fmt(num(r, "gateway.cpuPercentPerCallSecond"), 3) + " % per call-second ("
                    + fmt(num(r, "gateway.callsOkInWindow"), 0) + " calls ok in the window); by SIPp's counts "
                    + fmt(num(r, "gateway.cpuPercentPerCallSecondSipp"), 3) + " % per call-second ("
                    + fmt(num(r, "gateway.callSecondsSipp"), 1) + " call-seconds)";
        }
        return path(r) + ", " + fmt(num(r, "callsUpInWindow"), 0) + " calls: inbound p50/p99 "
                + triple(r, "inbound.latencyMs", "p50", "p99", "max") + " ms; outbound added "
                + triple(r, "outbound.addedMs", "p50", "p99", "max") + " ms; lost in/out "
                + fmt(num(r, "inbound.lost"), 0) + "/" + fmt(num(r, "outbound.lost"), 0)
                + "; pacing interval error p99 " + fmt(num(r, "outbound.intervalErrorMs.p99"), 3)
                + " ms; gateway CPU " + fmt(num(r, "gateway.cpuPercentOfCorePerCall"), 3) + " % core/call ("
                + fmt(100 * num(r, "gateway.cpuCores"), 1) + " %), heap " + fmt(num(r, "gateway.heapPerCallKb"), 1)
                + " KB/call, RSS " + fmt(num(r, "gateway.rssPerCallKb"), 1) + " KB/call, GC max "
                + fmt(num(r, "gateway.gcPausesRun.maxMs"), 3) + " ms; harness CPU "
                + fmt(100 * num(r, "harness.cpuCores"), 1) + " %";
    }

    /** Whether the run measured a peer ({@code --peer-cmd}) rather than the gateway. */
    private static boolean isPeer(Map<String, Object> r) {
        return r.get("peer") instanceof Map;
    }

    private static String subject(Map<String, Object> r) {
        return isPeer(r) ? "peer" : "gateway";
    }

    private static String path(Map<String, Object> r) {
        String agent = str(r, "options.agent");
        String mode = str(r, "options.agent-mode");
        return (agent.equals("vapi") ? "vapi PCM16 16 kHz" : "twilio-stream μ-law") + ", "
                + (mode.isEmpty() ? "echo" : mode);
    }

    private static String triple(Map<String, Object> r, String at, String a, String b, String c) {
        return fmt(num(r, at + "." + a), 3) + " / " + fmt(num(r, at + "." + b), 3) + " / " + fmt(num(r, at + "." + c), 3);
    }

    static String relative(Path runDir) {
        Path cwd = Path.of("").toAbsolutePath();
        return runDir.startsWith(cwd) ? cwd.relativize(runDir).toString() : runDir.toString();
    }

    static double num(Map<String, Object> r, String path) {
        Object v = at(r, path);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String str(Map<String, Object> r, String path) {
        Object v = at(r, path);
        return v == null ? "" : v.toString();
    }

    private static Object at(Map<String, Object> r, String path) {
        Object cur = r;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
