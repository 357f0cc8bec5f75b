package io.trunkline.bench.load;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.trunkline.bench.load.agent.CallDirectory;
import io.trunkline.bench.load.agent.FakeAgentServer;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;
import io.trunkline.bench.load.probe.GatewayRecords;
import io.trunkline.bench.load.probe.GcLog;
import io.trunkline.bench.load.probe.Jcmd;
import io.trunkline.bench.load.probe.OtherProcesses;
import io.trunkline.bench.load.probe.Perf;
import io.trunkline.bench.load.probe.QuietMachine;
import io.trunkline.bench.load.probe.ProcStats;
import io.trunkline.bench.load.report.CallsReport;
import io.trunkline.bench.load.report.SecondSampler;
import io.trunkline.bench.load.report.Summaries;
import io.trunkline.bench.load.rtp.RtpHarness;
import io.trunkline.bench.load.sip.SipUac;
import io.trunkline.bench.load.sip.UacCall;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load run: N calls ramped up at a fixed rate through the harness's UAC, each streaming coded RTP at 50 packets
 * per second to the gateway and answered by the fake agent; a steady-state window in which latency, loss, pacing
 * and the gateway's CPU are measured; then the heap and RSS with all calls up; then teardown with BYE. The harness
 * runs on two event-loop threads (SIP and RTP on one, the agent on the other) beside the gateway process.
 */
final class CallsRun {

    private static final Logger LOG = LoggerFactory.getLogger(CallsRun.class);
    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();
    /** The answer's connection address and audio port and first payload type. */
    static final Pattern C_LINE = Pattern.compile("(?m)^c=IN IP4 (\\S+)");
    static final Pattern M_LINE = Pattern.compile("(?m)^m=audio (\\d+) RTP/AVP (\\d+)");

    private final LoadOptions o;
    private final Path runDir;
    /** The measured calls (indexes 0..calls-1). */
    private final Phase measured = new Phase();
    /** The warm-up calls (indexes from calls on). */
    private final Phase warmup = new Phase();
    /** Every call by index; filled before the first INVITE, read-only afterwards. */
    private LoadCall[] all;
    /** The measured calls. */
    private final List<LoadCall> calls = measured.calls;

    CallsRun(LoadOptions options, Path runDir) {
        this.o = options;
        this.runDir = runDir;
    }

    Map<String, Object> run() throws Exception {
        MultiThreadIoEventLoopGroup mediaGroup = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("load-media"), EpollIoHandler.newFactory());
        // One thread: the agent shares the media loop (fewer threads competing for the cores).
        MultiThreadIoEventLoopGroup agentGroup = o.harnessThreads == 1 ? mediaGroup
                : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("load-agent"),
                        EpollIoHandler.newFactory());
        EventLoop media = mediaGroup.next();
        MeasureWindow window = new MeasureWindow();
        CallDirectory directory = new CallDirectory(o.calls + o.warmupCalls);
        createCalls(directory);
        FakeAgentServer agent = new FakeAgentServer(agentGroup.next(), new InetSocketAddress(LOCAL, o.agentPort),
                directory, window, o.agentMode, o.burstFrames, o.burstChunks, o.burstPeriodMillis,
                o.echoCycleFrames, o.echoPauseFrames);
        RtpHarness rtp = new RtpHarness(media, LOCAL, o.rtpBase, o.rtpSockets, o.slotMicros * 1000,
                o.vapi() ? FrameCode.Layout.MULAW_DOWNSAMPLED : FrameCode.Layout.MULAW_DIRECT, window);
        SipUac uac = new SipUac(media, new InetSocketAddress(LOCAL, o.uacPort),
                new InetSocketAddress(LOCAL, o.sipPort), new Events(rtp));
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> gateway = new LinkedHashMap<>();
        Map<String, Object> harness = new LinkedHashMap<>();
        List<long[]> induced = new ArrayList<>();
        GatewayProcess gw = null;
        long windowStart = 0;
        long windowEnd = 0;
        FakeAgentServer.Counters agentCounters = null;
        long runStart = System.nanoTime();
        double quietBefore = o.quietWaitSeconds > 0 ? QuietMachine.waitFor(0.15, 5, o.quietWaitSeconds) : -1;
        try {
            agent.start();
            rtp.start();
            uac.start();
            gw = GatewayProcess.start(o.jar, o.gatewayJvm, runDir, Settings.forGateway(o, runDir, agent));
            gateway.put("command", gw.commandLine());
            Ready.waitFor(uac, gw, 60);
            long pid = gw.pid();
            gateway.put("pid", pid);

            // Warm-up: calls through every path, so that the JIT has compiled them before anything is measured.
            if (warmup.size() > 0) {
                placeAndWait(warmup, media, uac, rtp);
                LOG.info("warm-up: {} calls answered, {} failed", warmup.answered.get(), warmup.failed.get());
                pause(o.warmupSeconds * 1000L);
                rtp.stopSending(warmup.calls);
                pause(1000);
                hangUp(warmup, media, uac);
                pause(2000);
            }

            // Idle baseline: the live heap and RSS of a started (and warmed) gateway with no call.
            ProcStats.CpuSample idle0 = ProcStats.cpu(pid);
            pause(2000);
            ProcStats.CpuSample idle1 = ProcStats.cpu(pid);
            long t = System.nanoTime();
            long heapIdle = Jcmd.heapAfterGcKb(pid);
            induced.add(new long[] {t, System.nanoTime()});
            long rssIdle = ProcStats.rssKb(pid);
            LOG.info("gateway idle: heap {} KB after GC, RSS {} KB, CPU {}% of a core", heapIdle, rssIdle,
                    Summaries.round(100 * idle1.coresSince(idle0)));

            // Ramp.
            long rampStart = System.nanoTime();
            placeAndWait(measured, media, uac, rtp);
            long rampEnd = System.nanoTime();
            LOG.info("{} calls answered, {} failed in {} ms", measured.answered.get(), measured.failed.get(),
                    (rampEnd - rampStart) / 1_000_000);

            // Steady state.
            pause(o.settleSeconds * 1000L);
            GcSnapshot selfGc0 = GcSnapshot.now();
            windowStart = System.nanoTime();
            window.open(windowStart);
            ProcStats.CpuSample gw0 = ProcStats.cpu(pid);
            ProcStats.CpuSample self0 = ProcStats.cpu(ProcessHandle.current().pid());
            Map<String, Object> perf = new LinkedHashMap<>();
            Thread perfThread = null;
            if (o.jfr) {
                Jcmd.run(pid, "JFR.start name=load settings=profile");
                if (Perf.available() && o.holdSeconds >= 25) {
                    perfThread = new Thread(() -> perfInWindow(pid, perf), "perf");
                    perfThread.start();
                }
            }
            OtherProcesses others = new OtherProcesses(Set.of(pid, ProcessHandle.current().pid()));
            SecondSampler sampler = new SecondSampler(new int[] {o.gatewayRtpMin, o.gatewayRtpMax},
                    new int[] {o.rtpBase, o.rtpBase + 2 * o.rtpSockets}, o.agentPort);
            List<Map<String, Object>> perSecond = sampler.run(pid, o.holdSeconds);
            Map<String, Long> queuesEnd = sampler.queues();
            double otherCores = others.coresSinceLast();
            ProcStats.CpuSample gw1 = ProcStats.cpu(pid);
            ProcStats.CpuSample self1 = ProcStats.cpu(ProcessHandle.current().pid());
            windowEnd = System.nanoTime();
            window.close(windowEnd);
            GcSnapshot selfGc1 = GcSnapshot.now();
            Path jfrFile = runDir.resolve("gateway.jfr");
            if (perfThread != null) {
                perfThread.join(60_000);
            }
            if (o.jfr) {
                Jcmd.run(pid, "JFR.dump name=load filename=" + jfrFile);
                Jcmd.run(pid, "JFR.stop name=load");
            }
            int up = countUp();
            long rssHold = ProcStats.rssKb(pid);
            t = System.nanoTime();
            long heapHold = Jcmd.heapAfterGcKb(pid);
            induced.add(new long[] {t, System.nanoTime()});
            LOG.info("window closed: {} calls up, heap {} KB, RSS {} KB", up, heapHold, rssHold);

            // Teardown: stop talking, let the last frames arrive, hang up.
            agent.quiet();
            rtp.stopSending();
            pause(o.agentMode == io.trunkline.bench.load.agent.AgentMode.BURST
                    ? o.burstFrames * 20L + 1500 : 1500);
            hangUp(measured, media, uac);
            pause(500);
            agentCounters = agent.snapshot();

            double gwCores = gw1.coresSince(gw0);
            gateway.put("cpuCores", Summaries.round(gwCores));
            gateway.put("cpuSystemCores", Summaries.round(gw1.systemCoresSince(gw0)));
            gateway.put("cpuPercentOfCorePerCall", up == 0 ? -1 : Math.round(100_000.0 * gwCores / up) / 1000.0);
            gateway.put("cpuMicrosPerCallFrame", up == 0 ? -1
                    : Summaries.round(gwCores * 1e6 / (up * 50.0)));
            gateway.put("idleCpuCores", Summaries.round(idle1.coresSince(idle0)));
            gateway.put("threadsCores", CallsReport.roundAll(gw1.threadCoresSince(gw0)));
            gateway.put("heapIdleKb", heapIdle);
            gateway.put("heapWithCallsKb", heapHold);
            gateway.put("heapPerCallKb", up == 0 ? -1 : Summaries.round((heapHold - heapIdle) / (double) up));
            gateway.put("rssIdleKb", rssIdle);
            gateway.put("rssWithCallsKb", rssHold);
            gateway.put("rssPerCallKb", up == 0 ? -1 : Summaries.round((rssHold - rssIdle) / (double) up));
            // Every process's CPU, summed: the machine-wide /proc/stat misses most of an event loop's short bursts.
            result.put("machineBusyCores", Summaries.round(otherCores + gwCores + self1.coresSince(self0)));
            result.put("otherLoadCores", Summaries.round(otherCores));
            result.put("quietBeforeRunOtherCores", Summaries.round(quietBefore));
            result.put("secondsWithOtherLoad", perSecond.stream()
                    .filter(r -> ((Number) r.get("others")).doubleValue() > 0.2).count());
            result.put("cpuPerSecond", perSecond);
            result.put("socketQueuesAtWindowEnd", queuesEnd);
            harness.put("cpuCores", Summaries.round(self1.coresSince(self0)));
            harness.put("cpuSystemCores", Summaries.round(self1.systemCoresSince(self0)));
            harness.put("threadsCores", CallsReport.roundAll(self1.threadCoresSince(self0)));
            harness.put("gcCollectionsInWindow", selfGc1.count - selfGc0.count);
            harness.put("gcMillisInWindow", selfGc1.millis - selfGc0.millis);
            result.put("callsUpInWindow", up);
            if (o.jfr) {
                Map<String, Object> profile = CallsReport.profile(jfrFile);
                synchronized (perf) {
                    Object syscalls = perf.get("syscallsPerSecond");
                    if (syscalls instanceof Double d && up > 0) {
                        perf.put("syscallsPerCallPer20ms", Summaries.round(d / up / 50));
                    }
                    profile.put("perf", new LinkedHashMap<>(perf));
                }
                result.put("profile", profile);
            }
        } finally {
            int exit = gw == null ? -1 : gw.stop(60);
            gateway.put("exitCode", exit);
            uac.stop();
            rtp.stop();
            agent.stop();
            mediaGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (agentGroup != mediaGroup) {
                agentGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        GcLog gc = GcLog.read(gw.gcLog());
        gateway.put("gcPausesRun", CallsReport.pauses(gc.pauses(runStart, Long.MAX_VALUE), induced));
        gateway.put("gcPausesWindow", CallsReport.pauses(gc.pauses(windowStart, windowEnd), List.of()));
        gateway.put("safepointsWindow", CallsReport.safepoints(gc.safepoints(windowStart, windowEnd)));
        gateway.put("records", GatewayRecords.summarise(runDir.resolve("records.jsonl")));

        Map<String, Integer> failures;
        synchronized (measured.failures) {
            failures = new TreeMap<>(measured.failures);
        }
        result.put("calls", CallsReport.calls(calls, measured.answered.get(), measured.failed.get(), failures,
                warmup.size(), warmup.failed.get()));
        result.put("inbound", CallsReport.inbound(calls, agent.metrics()));
        result.put("outbound", CallsReport.outbound(calls, rtp.metrics()));
        result.put("gateway", gateway);
        harness.put("rtpPacketsSent", rtp.packetsSent());
        harness.put("rtpPacketsReceived", rtp.packetsReceived());
        harness.put("rtpTimerLateWakeups", rtp.lateWakeups());
        harness.put("rtpTimerSkippedSlots", rtp.skippedSlots());
        harness.put("rtpTimerLateWakeupsInWindow", rtp.lateWakeupsInWindow());
        harness.put("rtpTimerSkippedSlotsInWindow", rtp.skippedSlotsInWindow());
        harness.put("rtcpPacketsReceived", rtp.rtcpPackets());
        harness.put("strayRtpPackets", rtp.strayPackets());
        harness.put("badRtpPackets", rtp.badPackets());
        harness.put("sipUnmatched", uac.unmatched());
        harness.put("sipMalformed", uac.malformed());
        harness.put("agent", agentCounters);
        result.put("harness", harness);
        result.put("windowSeconds", Summaries.round((windowEnd - windowStart) / 1e9));
        return result;
    }

    private int countUp() {
        int n = 0;
        for (LoadCall c : calls) {
            n += c.sip().state() == UacCall.State.CONFIRMED ? 1 : 0;
        }
        return n;
    }

    /**
     * In profile runs, from 3 s into the window: the gateway's system calls per second (perf stat, 5 s), then 10 s
     * of perf CPU samples.
     */
    private void perfInWindow(long pid, Map<String, Object> out) {
        try {
            Thread.sleep(3000);
            double syscalls = Perf.syscallsPerSecond(pid, 5);
            Map<String, Object> samples = Perf.profile(pid, 10, runDir.resolve("gateway.perf.data"), 25);
            synchronized (out) {
                out.put("syscallsPerSecond", syscalls);
                out.putAll(samples);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A Twilio-style offer: PCMU, PCMA, telephone-event 101, 20 ms. */
    static String offer(int port) {
        return "v=0\r\n"
                + "o=root 1234 1234 IN IP4 127.0.0.1\r\n"
                + "s=Twilio Media Gateway\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=maxptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    /** Waits {@code seconds}, sampling machine, gateway and harness CPU once a second (cores busy). */
    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** The UAC's events: answered calls start their media. */
    private final class Events implements SipUac.Listener {
        private final RtpHarness rtp;

        Events(RtpHarness rtp) {
            this.rtp = rtp;
        }

        @Override
        public void answered(UacCall call, String sdp) {
            LoadCall load = all[indexOf(call)];
            Phase phase = phaseOf(load);
            Matcher c = C_LINE.matcher(sdp);
            Matcher m = M_LINE.matcher(sdp);
            if (!c.find() || !m.find() || !m.group(2).equals("0")) {
                phase.failure("answer without PCMU media");
                phase.failed.incrementAndGet();
                return;
            }
            rtp.attach(load, new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1))));
            phase.answered.incrementAndGet();
        }

        @Override
        public void failed(UacCall call) {
            Phase phase = phaseOf(all[indexOf(call)]);
            phase.failure(call.failure());
            phase.failed.incrementAndGet();
        }

        @Override
        public void ended(UacCall call) {
            phaseOf(all[indexOf(call)]).ended.incrementAndGet();
        }

        private int indexOf(UacCall call) {
            return LoadCall.indexOfCallId(call.callId());
        }
    }

    private Phase phaseOf(LoadCall call) {
        return call.index() < o.calls ? measured : warmup;
    }

    /** A set of calls placed and hung up together, with their outcome counts. */
    private static final class Phase {
        final List<LoadCall> calls = new ArrayList<>();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final Map<String, Integer> failures = new TreeMap<>();

        int size() {
            return calls.size();
        }

        void failure(String why) {
            synchronized (failures) {
                failures.merge(why == null ? "?" : why, 1, Integer::sum);
            }
        }
    }

    /** Creates every call (measured, then warm-up) before any INVITE, so the loops only ever read them. */
    private void createCalls(CallDirectory directory) {
        all = new LoadCall[o.calls + o.warmupCalls];
        long tag = System.nanoTime();
        for (int i = 0; i < all.length; i++) {
            boolean warm = i >= o.calls;
            double seconds = warm ? o.warmupCalls / o.rate + o.warmupSeconds
                    : o.calls / o.rate + o.settleSeconds + o.holdSeconds;
            LoadCall call = new LoadCall(i, new UacCall(LoadCall.callId(i, tag),
                    "lt" + Integer.toHexString(i) + "x" + Long.toHexString(tag & 0xffffff),
                    LoadCall.twilioCallSid(i)), (int) ((seconds + 60) * 50));
            all[i] = call;
            directory.put(call);
            (warm ? warmup : measured).calls.add(call);
        }
    }

    /** INVITEs at the ramp rate; returns when every call is answered or failed (or 40 s after the ramp). */
    private void placeAndWait(Phase phase, EventLoop media, SipUac uac, RtpHarness rtp) throws InterruptedException {
        long start = System.nanoTime();
        int n = 0;
        for (LoadCall call : phase.calls) {
            long at = start + (long) (n++ * 1e9 / o.rate);
            media.schedule(() -> uac.invite(call.sip(), "+15550001111", offer(rtp.offerPort(call.index()))),
                    Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        long deadline = start + (long) ((phase.size() / o.rate + 40) * 1e9);
        while (phase.answered.get() + phase.failed.get() < phase.size() && System.nanoTime() < deadline) {
            pause(50);
        }
    }

    /** BYE for every answered call of the phase, at the ramp rate (at least 100/s); waits for the answers. */
    private void hangUp(Phase phase, EventLoop media, SipUac uac) throws InterruptedException {
        int n = 0;
        long start = System.nanoTime();
        double rate = Math.max(o.rate, 100);
        for (LoadCall call : phase.calls) {
            if (call.sip().state() == UacCall.State.CONFIRMED) {
                long at = start + (long) (n++ * 1e9 / rate);
                media.schedule(() -> uac.bye(call.sip()), Math.max(0, at - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            }
        }
        long deadline = start + (long) ((n / rate + 40) * 1e9);
        while (phase.ended.get() < phase.answered.get() && System.nanoTime() < deadline) {
            pause(50);
        }
    }

    /** The harness JVM's own collections, to show whether it paused while measuring. */
    private record GcSnapshot(long count, long millis) {
        static GcSnapshot now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new GcSnapshot(count, millis);
        }
    }
}
