package io.trunkline.bench.load;

import io.trunkline.bench.load.agent.AgentMode;
import io.trunkline.bench.load.audio.WavFile;
import io.trunkline.bench.load.probe.GatewayRecords;
import io.trunkline.bench.load.probe.GcLog;
import io.trunkline.bench.load.probe.Jcmd;
import io.trunkline.bench.load.probe.ProcStats;
import io.trunkline.bench.load.probe.PrometheusText;
import io.trunkline.bench.load.probe.SippStatFile;
import io.trunkline.bench.load.report.Summaries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: SIPp keeps {@code --calls} calls up for {@code --soak-minutes}, each lasting a random time around
 * {@code --soak-hold} seconds and replaced when it ends (churn), with RTP both ways through the harness's echo
 * agent. Every {@code --sample} seconds the gateway's live heap after a full GC, RSS, threads, open descriptors,
 * CPU, active calls and its own latency percentiles over the interval (from its {@code /metrics} histograms) are
 * sampled, so that a leak or a drift shows as a line that is not flat.
 */
final class SoakRun {

    private static final Logger LOG = LoggerFactory.getLogger(SoakRun.class);

    private final LoadOptions o;
    private final Path runDir;

    SoakRun(LoadOptions options, Path runDir) {
        this.o = options;
        this.runDir = runDir;
    }

    Map<String, Object> run() throws Exception {
        SippPeers peers = new SippPeers(o, AgentMode.ECHO, false);
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> gateway = new LinkedHashMap<>();
        Map<String, Object> sipp = new LinkedHashMap<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        GatewayProcess gw = null;
        long runStart = System.nanoTime();
        double holdMean = o.soakHoldSeconds;
        double rate = o.calls / holdMean * 1.2;
        long total = (long) Math.ceil(o.soakMinutes * 60.0 * o.calls / holdMean);
        try {
            peers.start();
            Path scenario = runDir.resolve("soak-call.xml");
            Files.writeString(scenario, scenario(holdMean), StandardCharsets.ISO_8859_1);
            WavFile.writeMuLaw(runDir.resolve("caller.wav"), 3);
            gw = GatewayProcess.start(o.jar, o.gatewayJvm, runDir, Settings.forGateway(o, runDir, peers.agent));
            gateway.put("command", gw.commandLine());
            Ready.waitFor(peers.probe, gw, 60);
            long pid = gw.pid();
            String metrics = "http://127.0.0.1:" + o.metricsPort + "/metrics";

            long timeoutSeconds = o.soakMinutes * 60L + (long) (2 * holdMean) + 120;
            List<String> command = List.of("sipp", "127.0.0.1:" + o.sipPort, "-sf", scenario.getFileName().toString(),
                    "-s", "+15550001111", "-i", "127.0.0.1", "-p", Integer.toString(o.sippPort),
                    "-mi", "127.0.0.1", "-mp", Integer.toString(o.sippMediaPort),
                    "-r", String.format(java.util.Locale.ROOT, "%.3f", rate), "-l", Integer.toString(o.calls),
                    "-m", Long.toString(total), "-nostdin", "-trace_stat", "-stf", "sipp-stat.csv", "-fd", "10",
                    "-trace_err", "-error_file", "sipp-errors.log", "-timeout", timeoutSeconds + "s",
                    "-timeout_error");
            sipp.put("command", String.join(" ", command));
            Process p = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("sipp.log").toFile()).start();
            long started = System.nanoTime();
            Interval previous = new Interval(started, ProcStats.cpu(pid), PrometheusText.scrape(metrics));
            while (!p.waitFor(o.sampleSeconds, TimeUnit.SECONDS)) {
                if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(timeoutSeconds + 30)) {
                    p.destroyForcibly();
                    sipp.put("killed", true);
                    break;
                }
                Interval now = new Interval(System.nanoTime(), ProcStats.cpu(pid), PrometheusText.scrape(metrics));
                Map<String, Object> row = sample(pid, started, previous, now);
                samples.add(row);
                LOG.info("soak {}", row);
                previous = now;
            }
            p.waitFor(10, TimeUnit.SECONDS);
            sipp.put("exitCode", p.isAlive() ? -1 : p.exitValue());
            sipp.put("rate", Summaries.round(rate));
            sipp.put("concurrentLimit", o.calls);
            sipp.put("holdMeanSeconds", holdMean);
            SippStatFile.readTotals(runDir.resolve("sipp-stat.csv"), sipp);
            Thread.sleep(2000);
            gateway.put("endState", endState(pid, metrics));
        } finally {
            gateway.put("exitCode", gw == null ? -1 : gw.stop(60));
            peers.close();
        }
        GcLog gc = GcLog.read(gw.gcLog());
        double maxPause = 0;
        int over5 = 0;
        for (GcLog.Pause pause : gc.pauses(runStart, Long.MAX_VALUE)) {
            maxPause = Math.max(maxPause, pause.millis());
            over5 += pause.millis() > 5 ? 1 : 0;
        }
        gateway.put("gcPauseMaxMs", Summaries.round(maxPause));
        gateway.put("gcPausesOver5ms", over5);
        Map<String, Object> records = GatewayRecords.summarise(runDir.resolve("records.jsonl"));
        gateway.put("records", records);
        result.put("soakMinutes", o.soakMinutes);
        result.put("sipp", sipp);
        result.put("gateway", gateway);
        result.put("samples", samples);
        result.put("trend", trend(samples));
        return result;
    }

    /** The harness's call-rate scenario with the fixed hold replaced by a uniform one, 0.5 to 1.5 times the mean. */
    private static String scenario(double holdMeanSeconds) throws IOException {
        String text;
        try (InputStream in = SoakRun.class.getResourceAsStream("/sipp/rate-call.xml")) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        long min = (long) (holdMeanSeconds * 500);
        long max = (long) (holdMeanSeconds * 1500);
        String pause = "<pause distribution=\"uniform\" min=\"" + min + "\" max=\"" + max + "\"/>";
        if (!text.contains("<pause/>")) {
            throw new IllegalStateException("rate-call.xml has no <pause/> to replace");
        }
        return text.replace("<pause/>", pause);
    }

    /** A point in time: CPU and metrics, to difference with the next. */
    private record Interval(long nanos, ProcStats.CpuSample cpu, PrometheusText metrics) {
    }

    private Map<String, Object> sample(long pid, long started, Interval before, Interval now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("minute", Summaries.round((now.nanos - started) / 60e9));
        row.put("callsActive", (long) now.metrics.sum("gateway_calls_active", ""));
        row.put("callsEnded", (long) (now.metrics.sum("gateway_calls_total", "")
                - before.metrics.sum("gateway_calls_total", "")));
        row.put("heapAfterGcKb", Jcmd.heapAfterGcKb(pid));
        row.put("rssKb", ProcStats.rssKb(pid));
        row.put("threads", ProcStats.threads(pid));
        row.put("openFiles", ProcStats.openFiles(pid));
        row.put("cpuCores", Summaries.round(now.cpu.coresSince(before.cpu)));
        quantiles(row, "inbound", now, before, "gateway_media_processing_seconds", "direction=\"in\"");
        quantiles(row, "outbound", now, before, "gateway_media_processing_seconds", "direction=\"out\"");
        quantiles(row, "pacingError", now, before, "gateway_media_pacing_error_seconds", "");
        quantiles(row, "setup", now, before, "gateway_sip_invite_answer_seconds", "");
        return row;
    }

    private static void quantiles(Map<String, Object> row, String name, Interval now, Interval before,
            String metric, String filter) {
        PrometheusText.Buckets b = now.metrics.buckets(metric, filter);
        PrometheusText.Buckets a = before.metrics.buckets(metric, filter);
        row.put(name + "P50Ms", Summaries.round(b.quantileMillisSince(a, 0.50)));
        row.put(name + "P99Ms", Summaries.round(b.quantileMillisSince(a, 0.99)));
    }

    /** After the last call: what the gateway holds with no call up. */
    private static Map<String, Object> endState(long pid, String metrics) {
        Map<String, Object> end = new LinkedHashMap<>();
        PrometheusText m = PrometheusText.scrape(metrics);
        end.put("callsActive", (long) m.sum("gateway_calls_active", ""));
        end.put("rtpPortsInUse", (long) m.sum("gateway_rtp_ports_in_use", ""));
        end.put("heapAfterGcKb", Jcmd.heapAfterGcKb(pid));
        end.put("threads", ProcStats.threads(pid));
        end.put("openFiles", ProcStats.openFiles(pid));
        return end;
    }

    /**
     * Least-squares slope per hour of heap, RSS, threads and descriptors over the steady part: after the first two
     * samples (the ramp) and while at least 90 % of the calls were up (not the last calls ending), with the first
     * and last values there.
     */
    static Map<String, Object> trend(List<Map<String, Object>> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        long most = 0;
        for (Map<String, Object> s : samples) {
            most = Math.max(most, ((Number) s.get("callsActive")).longValue());
        }
        List<Map<String, Object>> steady = new ArrayList<>();
        for (int i = 2; i < samples.size(); i++) {
            if (((Number) samples.get(i).get("callsActive")).longValue() >= most * 9 / 10) {
                steady.add(samples.get(i));
            }
        }
        if (steady.size() < 3) {
            return out;
        }
        for (String key : List.of("heapAfterGcKb", "rssKb", "threads", "openFiles", "callsActive")) {
            double n = steady.size();
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (Map<String, Object> s : steady) {
                double x = ((Number) s.get("minute")).doubleValue() / 60;
                double y = ((Number) s.get(key)).doubleValue();
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double slope = (n * sxy - sx * sy) / Math.max(1e-9, n * sxx - sx * sx);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("first", steady.get(0).get(key));
            t.put("last", steady.get(steady.size() - 1).get(key));
            t.put("slopePerHour", Summaries.round(slope));
            out.put(key, t);
        }
        return out;
    }
}
