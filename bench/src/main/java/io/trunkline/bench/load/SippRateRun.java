package io.trunkline.bench.load;

import io.trunkline.bench.load.audio.WavFile;
import io.trunkline.bench.load.probe.GatewayRecords;
import io.trunkline.bench.load.probe.GcLog;
import io.trunkline.bench.load.probe.OtherProcesses;
import io.trunkline.bench.load.probe.ProcStats;
import io.trunkline.bench.load.probe.QuietMachine;
import io.trunkline.bench.load.probe.SippStatFile;
import io.trunkline.bench.load.report.Summaries;
import io.trunkline.bench.load.stats.Histogram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
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
 * The call-rate run: SIPp ({@code sipp -r RATE}) places calls with RTP at the gateway, whose agent is the harness's
 * fake agent (echo); the INVITE → 200 OK time of every call comes from SIPp's {@code -trace_rtt} file, the call
 * counts from its {@code -trace_stat} file and exit status.
 */
final class SippRateRun {

    private static final Logger LOG = LoggerFactory.getLogger(SippRateRun.class);

    private final LoadOptions o;
    private final Path runDir;

    SippRateRun(LoadOptions options, Path runDir) {
        this.o = options;
        this.runDir = runDir;
    }

    Map<String, Object> run() throws Exception {
        SippPeers peers = new SippPeers(o);
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> gateway = new LinkedHashMap<>();
        Map<String, Object> sipp = new LinkedHashMap<>();
        GatewayProcess gw = null;
        double quietBefore = o.quietWaitSeconds > 0 ? QuietMachine.waitFor(0.15, 5, o.quietWaitSeconds) : -1;
        result.put("quietBeforeRunOtherCores", Summaries.round(quietBefore));
        long runStart = System.nanoTime();
        try {
            peers.start();
            Path scenario = runDir.resolve("rate-call.xml");
            try (InputStream in = SippRateRun.class.getResourceAsStream("/sipp/rate-call.xml")) {
                Files.copy(in, scenario);
            }
            WavFile.writeMuLaw(runDir.resolve("caller.wav"), 3);
            gw = GatewayProcess.start(o.jar, o.gatewayJvm, runDir, Settings.forGateway(o, runDir, peers.agent));
            gateway.put("command", gw.commandLine());
            Ready.waitFor(peers.probe, gw, 60);
            Thread.sleep(2000);

            // Warm-up: the same scenario, not measured, so that the JIT has compiled the setup path.
            if (o.sippWarmupCalls > 0) {
                Path warm = Files.createDirectories(runDir.resolve("warmup"));
                Files.copy(scenario, warm.resolve("rate-call.xml"));
                Files.copy(runDir.resolve("caller.wav"), warm.resolve("caller.wav"));
                Process w = new ProcessBuilder(sippCommand(scenario, o.sippWarmupCalls)).directory(warm.toFile())
                        .redirectErrorStream(true).redirectOutput(warm.resolve("sipp.log").toFile()).start();
                long warmLimit = (long) (o.sippWarmupCalls / o.sippRate) + o.sippHoldMillis / 1000 + 90;
                if (!w.waitFor(warmLimit, TimeUnit.SECONDS)) {
                    w.destroyForcibly();
                }
                sipp.put("warmupCalls", o.sippWarmupCalls);
                sipp.put("warmupExitCode", w.isAlive() ? -1 : w.exitValue());
                Thread.sleep(3000);
            }
            List<String> command = sippCommand(scenario, o.sippCalls);
            sipp.put("command", String.join(" ", command));
            ProcStats.CpuSample cpu0 = ProcStats.cpu(gw.pid());
            OtherProcesses others = new OtherProcesses(java.util.Set.of(gw.pid(), ProcessHandle.current().pid()));
            long started = System.nanoTime();
            Process p = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("sipp.log").toFile()).start();
            long limit = (long) (o.sippCalls / o.sippRate) + o.sippHoldMillis / 1000 + 90;
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                sipp.put("killedAfterSeconds", limit);
            }
            long elapsed = System.nanoTime() - started;
            ProcStats.CpuSample cpu1 = ProcStats.cpu(gw.pid());
            double otherCores = others.coresSinceLast();
            result.put("otherLoadCores", Summaries.round(otherCores));
            result.put("machineBusyCores", Summaries.round(otherCores + cpu1.coresSince(cpu0)));
            sipp.put("exitCode", p.isAlive() ? -1 : p.exitValue());
            gateway.put("cpuCores", Summaries.round(cpu1.coresSince(cpu0)));
            gateway.put("threadsCores", cpu1.threadCoresSince(cpu0));
            sipp.put("rate", o.sippRate);
            sipp.put("holdMillis", o.sippHoldMillis);
            sipp.put("seconds", Summaries.round(elapsed / 1e9));
            SippStatFile.readTotals(runDir.resolve("sipp-stat.csv"), sipp);
            Histogram setup = readRtt();
            sipp.put("setupMs", Summaries.of(setup));
            // SIPp traces response times in whole milliseconds: a value of 2 means 2.000-2.999 ms.
            sipp.put("setupResolutionMs", 1);
            sipp.put("setupOver2ms", setup.countAbove(2_000_000L));
            Object placed = sipp.get("placed");
            if (placed instanceof Number n) {
                // Calls are placed over calls/rate seconds; the rest of the run is the last calls' hold time.
                double placing = elapsed / 1e9 - o.sippHoldMillis / 1000.0;
                sipp.put("achievedRate", Summaries.round(n.doubleValue() / Math.max(placing, 1e-3)));
            }
            Thread.sleep(1000);
        } finally {
            gateway.put("exitCode", gw == null ? -1 : gw.stop(60));
            peers.close();
        }
        GcLog gc = GcLog.read(gw.gcLog());
        List<Double> pauses = new ArrayList<>();
        int over5 = 0;
        for (GcLog.Pause pause : gc.pauses(runStart, Long.MAX_VALUE)) {
            pauses.add(pause.millis());
            over5 += pause.millis() > 5 ? 1 : 0;
        }
        Map<String, Object> gcSummary = new LinkedHashMap<>();
        gcSummary.put("count", pauses.size());
        gcSummary.put("maxMs", pauses.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        gcSummary.put("over5ms", over5);
        gateway.put("gcPausesRun", gcSummary);
        gateway.put("records", GatewayRecords.summarise(runDir.resolve("records.jsonl")));
        result.put("sipp", sipp);
        result.put("gateway", gateway);
        return result;
    }

    private List<String> sippCommand(Path scenario, int calls) {
        int limit = (int) Math.max(50, o.sippRate * (o.sippHoldMillis / 1000.0 + 1) * 3);
        long timeout = (long) (calls / o.sippRate) + o.sippHoldMillis / 1000 + 60;
        return List.of("sipp", "127.0.0.1:" + o.sipPort, "-sf", scenario.getFileName().toString(),
                "-s", "+15550001111", "-i", "127.0.0.1", "-p", Integer.toString(o.sippPort),
                "-mi", "127.0.0.1", "-mp", Integer.toString(o.sippMediaPort),
                "-r", Double.toString(o.sippRate), "-m", Integer.toString(calls), "-l", Integer.toString(limit),
                "-d", Integer.toString(o.sippHoldMillis), "-nostdin",
                "-trace_rtt", "-rtt_freq", "1", "-trace_stat", "-stf", "sipp-stat.csv", "-fd", "1",
                "-trace_err", "-error_file", "sipp-errors.log",
                "-timeout", timeout + "s", "-timeout_error");
    }

    /** Every traced response time (the INVITE → 200 OK of one call), in ms. */
    private Histogram readRtt() throws IOException {
        Histogram h = new Histogram();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*_rtt.csv")) {
            for (Path f : files) {
                for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    String[] fields = line.split(";");
                    if (fields.length < 2) {
                        continue;
                    }
                    try {
                        h.record((long) (Double.parseDouble(fields[1].trim()) * 1e6));
                    } catch (NumberFormatException header) {
                        // the header line
                    }
                }
            }
        }
        LOG.info("{} setup times read", h.count());
        return h;
    }
}
