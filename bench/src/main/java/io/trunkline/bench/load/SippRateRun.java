package io.trunkline.bench.load;

import io.trunkline.bench.load.agent.AgentMode;
import io.trunkline.bench.load.agent.FakeAgentServer;
import io.trunkline.bench.load.audio.WavFile;
import io.trunkline.bench.load.probe.GatewayRecords;
import io.trunkline.bench.load.probe.GcLog;
import io.trunkline.bench.load.probe.Jcmd;
import io.trunkline.bench.load.report.CallsReport;
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
 * fake agent; the INVITE → 200 OK time of every call comes from SIPp's {@code -trace_rtt} file, the call
 * counts from its {@code -trace_stat} file and exit status. Two call shapes: {@code sipp} (short calls held for
 * {@code -d} ms, an agent echoing frame by frame) and {@code churn} (Twilio-style calls of about 9.1 s with speech
 * and two digits, an agent echoing in 200 ms bursts with marks), which also reports the gateway's CPU per
 * call-second: its CPU over the measured window divided by the summed durations of the calls its records place
 * in that window. With {@code --peer-cmd} another implementation takes the gateway's place ({@link PeerProcess}, a
 * registrar beside it when it needs one, {@link SippRegistrar}): its whole process tree's CPU over the window
 * divided by SIPp's call-seconds ({@link SippCallSeconds}, the figure also reported for the gateway), in the
 * result's {@code peer} section.
 */
final class SippRateRun {

    private static final Logger LOG = LoggerFactory.getLogger(SippRateRun.class);

    /** How long the churn run's probe call is measured. */
    private static final java.time.Duration PROBE_MEASURED = java.time.Duration.ofSeconds(8);

    /**
     * What SIPp places: the scenario, its caller WAV, how many calls at what rate, how long each lasts, and whether
     * a {@link ProbeCall} of the harness's own runs in the middle of them.
     */
    record Shape(String scenario, int wavSeconds, AgentMode agentMode, double rate, int calls, int warmupCalls,
            int holdMillis, int callMillis, boolean probeCall) {

        static Shape of(LoadOptions o) {
            if (o.mode.equals("churn")) {
                return new Shape("churn-call.xml", 7, AgentMode.ECHO_BURSTS, o.churnRate, o.churnCalls,
                        o.churnWarmupCalls, 0, 9_100, true);
            }
            return new Shape("rate-call.xml", 3, AgentMode.ECHO, o.sippRate, o.sippCalls, o.sippWarmupCalls,
                    o.sippHoldMillis, o.sippHoldMillis, false);
        }
    }

    private final LoadOptions o;
    private final Path runDir;
    private final Shape shape;
    private java.time.Instant windowStart = java.time.Instant.EPOCH;
    private java.time.Instant windowEnd = java.time.Instant.EPOCH;
    private double cpuCoreSeconds;
    private double jitCoreSeconds;
    /** Whether the measured process was still up when the window closed (its CPU can be read only then). */
    private boolean upAtWindowEnd;

    SippRateRun(LoadOptions options, Path runDir) {
        this.o = options;
        this.runDir = runDir;
        this.shape = Shape.of(options);
    }

    Map<String, Object> run() throws Exception {
        SippPeers peers = new SippPeers(o, shape.agentMode(), shape.probeCall());
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> subject = new LinkedHashMap<>(); // the gateway's section, or the peer's
        Map<String, Object> sipp = new LinkedHashMap<>();
        GatewayProcess gw = null;
        SystemUnderTest sut = null;
        SippRegistrar registrar = null;
        double quietBefore = o.quietWaitSeconds > 0 ? QuietMachine.waitFor(0.15, 5, o.quietWaitSeconds) : -1;
        result.put("quietBeforeRunOtherCores", Summaries.round(quietBefore));
        long runStart = System.nanoTime();
        try {
            peers.start();
            Path scenario = runDir.resolve(shape.scenario());
            try (InputStream in = SippRateRun.class.getResourceAsStream("/sipp/" + shape.scenario())) {
                Files.copy(in, scenario);
            }
            WavFile.writeMuLaw(runDir.resolve("caller.wav"), shape.wavSeconds());
            if (o.peer()) {
                if (o.peerRegistrar != null) {
                    registrar = SippRegistrar.start(o.registrarHost(), o.registrarPort(), runDir);
                }
                PeerProcess peer = PeerProcess.start(o.peerCmd, o.peerDir, PeerSettings.forPeer(o, runDir, peers.agent),
                        runDir);
                sut = peer;
                subject.put("command", peer.commandLine());
                subject.put("directory", o.peerDir.toAbsolutePath().normalize().toString());
                if (o.peerReady != null) {
                    peer.waitForLog(java.util.regex.Pattern.compile(o.peerReady), 60);
                }
            } else {
                gw = GatewayProcess.start(o.jar, o.gatewayJvm, runDir, Settings.forGateway(o, runDir, peers.agent));
                sut = gw;
                subject.put("command", gw.commandLine());
            }
            Ready.waitFor(peers.probe, sut, 60);
            Thread.sleep(2000);

            // Warm-up: the same scenario, not measured, so that the JIT has compiled the setup path.
            if (shape.warmupCalls() > 0) {
                Path warm = Files.createDirectories(runDir.resolve("warmup"));
                Files.copy(scenario, warm.resolve(shape.scenario()));
                Files.copy(runDir.resolve("caller.wav"), warm.resolve("caller.wav"));
                Process w = new ProcessBuilder(sippCommand(scenario, shape.warmupCalls())).directory(warm.toFile())
                        .redirectErrorStream(true).redirectOutput(warm.resolve("sipp.log").toFile()).start();
                long warmLimit = (long) (shape.warmupCalls() / shape.rate()) + shape.callMillis() / 1000 + 90;
                if (!w.waitFor(warmLimit, TimeUnit.SECONDS)) {
                    w.destroyForcibly();
                }
                sipp.put("warmupCalls", shape.warmupCalls());
                sipp.put("warmupExitCode", w.isAlive() ? -1 : w.exitValue());
                Thread.sleep(3000);
            }
            List<String> command = sippCommand(scenario, shape.calls());
            sipp.put("command", String.join(" ", command));
            if (o.jfr && gw != null) {
                Jcmd.run(gw.pid(), "JFR.start name=load settings=profile");
            }
            ProcStats.CpuSample cpu0 = sut.cpu();
            windowStart = java.time.Instant.now();
            OtherProcesses others = new OtherProcesses(measured(sut));
            long started = System.nanoTime();
            Process p = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("sipp.log").toFile()).start();
            long limit = (long) (shape.calls() / shape.rate()) + shape.callMillis() / 1000 + 90;
            if (peers.probeCall != null) {
                // In the middle of the load: placed when about half the calls have been, measured for 8 s.
                Thread.sleep((long) (Math.max(0, shape.calls() / shape.rate() / 2 - 2) * 1000));
                result.put("probeCall", peers.probeCall.run(peers.probe, PROBE_MEASURED, runDir));
            }
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                sipp.put("killedAfterSeconds", limit);
            }
            long elapsed = System.nanoTime() - started;
            ProcStats.CpuSample cpu1 = sut.cpu();
            windowEnd = java.time.Instant.now();
            cpuCoreSeconds = cpu1.coresSince(cpu0) * elapsed / 1e9;
            upAtWindowEnd = sut.alive();
            if (!upAtWindowEnd) {
                LOG.error("the {} exited during the measured window (see {}.log): no CPU figures", sut.kind(),
                        sut.kind());
                subject.put("exitedDuringWindow", true);
            }
            // The JIT compilers' share: a transient while per-call code still crosses the compile thresholds.
            jitCoreSeconds = cpu1.threadCoresSince(cpu0).entrySet().stream()
                    .filter(e -> e.getKey().startsWith("C# Compiler")).mapToDouble(Map.Entry::getValue).sum()
                    * elapsed / 1e9;
            if (o.jfr && gw != null) {
                Path jfrFile = runDir.resolve("gateway.jfr");
                Jcmd.run(gw.pid(), "JFR.dump name=load filename=" + jfrFile);
                Jcmd.run(gw.pid(), "JFR.stop name=load");
                result.put("profile", CallsReport.profile(jfrFile));
            }
            double otherCores = others.coresSinceLast();
            result.put("otherLoadCores", Summaries.round(otherCores));
            result.put("machineBusyCores", Summaries.round(otherCores + cpu1.coresSince(cpu0)));
            sipp.put("exitCode", p.isAlive() ? -1 : p.exitValue());
            if (upAtWindowEnd) {
                subject.put("cpuCores", Summaries.round(cpu1.coresSince(cpu0)));
                subject.put(gw != null ? "threadsCores" : "processThreadsCores", cpu1.threadCoresSince(cpu0));
            }
            sipp.put("rate", shape.rate());
            sipp.put("holdMillis", shape.holdMillis());
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
                double placing = elapsed / 1e9 - shape.callMillis() / 1000.0;
                sipp.put("achievedRate", Summaries.round(n.doubleValue() / Math.max(placing, 1e-3)));
            }
            Thread.sleep(1000);
            // What reached the agent and what it sent back: the same work for the gateway and for a peer.
            FakeAgentServer.Counters agent = peers.agent.snapshot();
            Map<String, Object> agentCounts = new LinkedHashMap<>();
            agentCounts.put("sessionsOpened", agent.sessionsOpened());
            agentCounts.put("framesReceived", agent.framesReceived());
            agentCounts.put("framesSent", agent.framesSent());
            agentCounts.put("messagesSent", agent.messagesSent());
            agentCounts.put("protocolErrors", agent.protocolErrors());
            result.put("agent", agentCounts);
        } finally {
            subject.put("exitCode", sut == null ? -1 : sut.stop(60));
            if (registrar != null) {
                registrar.close();
            }
            peers.close();
        }
        SippCallSeconds bySipp = SippCallSeconds.of(sipp, runDir.resolve("sipp-stat.csv"), shape.callMillis() / 1000.0);
        result.put("sipp", sipp);
        if (gw == null) {
            if (upAtWindowEnd) {
                subject.put("cpuCoreSeconds", Summaries.round(cpuCoreSeconds));
                bySipp.put(subject, cpuCoreSeconds);
            }
            result.put("peer", subject);
            return result;
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
        subject.put("gcPausesRun", gcSummary);
        subject.put("records", GatewayRecords.summarise(runDir.resolve("records.jsonl")));
        GatewayRecords.Window calls = GatewayRecords.callsWithin(runDir.resolve("records.jsonl"), windowStart,
                windowEnd);
        subject.put("cpuCoreSeconds", Summaries.round(cpuCoreSeconds));
        subject.put("callsInWindow", calls.calls());
        subject.put("callsOkInWindow", calls.ok());
        subject.put("callSeconds", Summaries.round(calls.seconds()));
        if (calls.calls() > 0 && upAtWindowEnd) {
            subject.put("cpuMsPerCall", Summaries.round(1000 * cpuCoreSeconds / calls.calls()));
            subject.put("jitMsPerCall", Summaries.round(1000 * jitCoreSeconds / calls.calls()));
            subject.put("cpuMsPerCallWithoutJit",
                    Summaries.round(1000 * (cpuCoreSeconds - jitCoreSeconds) / calls.calls()));
        }
        if (calls.seconds() > 0 && upAtWindowEnd) {
            subject.put("cpuPercentPerCallSecond", Summaries.round(100 * cpuCoreSeconds / calls.seconds()));
            subject.put("cpuPercentPerCallSecondWithoutJit",
                    Summaries.round(100 * (cpuCoreSeconds - jitCoreSeconds) / calls.seconds()));
        }
        subject.put("callSecondsSource", "gateway records: summed INVITE-to-end durations of the calls in the window");
        // The same figure as a peer's, from SIPp's counts, so that the two are computed the same way.
        if (upAtWindowEnd) {
            bySipp.put(subject, cpuCoreSeconds);
        }
        result.put("gateway", subject);
        return result;
    }

    /** The pids whose CPU is the measured process's: the process and, for a peer, its descendants. */
    private static java.util.Set<Long> measured(SystemUnderTest sut) {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        pids.add(sut.pid());
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.of(sut.pid()).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    private List<String> sippCommand(Path scenario, int calls) {
        int limit = (int) Math.max(50, shape.rate() * (shape.callMillis() / 1000.0 + 1) * 3);
        long timeout = (long) (calls / shape.rate()) + shape.callMillis() / 1000 + 60;
        return List.of("sipp", "127.0.0.1:" + o.sipPort, "-sf", scenario.getFileName().toString(),
                "-s", "+15550001111", "-i", "127.0.0.1", "-p", Integer.toString(o.sippPort),
                "-mi", "127.0.0.1", "-mp", Integer.toString(o.sippMediaPort),
                "-r", Double.toString(shape.rate()), "-m", Integer.toString(calls), "-l", Integer.toString(limit),
                "-d", Integer.toString(Math.max(1, shape.holdMillis())), "-nostdin",
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
