package io.trunkline.bench.load.report;

import io.trunkline.bench.load.probe.OtherProcesses;
import io.trunkline.bench.load.probe.ProcStats;
import io.trunkline.bench.load.probe.SocketQueues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples, once a second while the window lasts: the gateway's CPU, the harness's, every other process's (see
 * {@link OtherProcesses}) and their sum, and the socket queues ({@link SocketQueues}).
 */
public final class SecondSampler {

    private final int[] gatewayRtp;
    private final int[] harnessRtp;
    private final int agentPort;

    public SecondSampler(int[] gatewayRtp, int[] harnessRtp, int agentPort) {
        this.gatewayRtp = gatewayRtp;
        this.harnessRtp = harnessRtp;
        this.agentPort = agentPort;
    }

    /** The socket queues now. */
    public Map<String, Long> queues() {
        return SocketQueues.sample(gatewayRtp, harnessRtp, agentPort);
    }

    /** Waits {@code seconds}, sampling once a second; returns one row per second. */
    public List<Map<String, Object>> run(long pid, int seconds) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        List<Map<String, Object>> out = new ArrayList<>();
        long start = System.nanoTime();
        OtherProcesses others = new OtherProcesses(Set.of(pid, self));
        ProcStats.CpuSample g0 = ProcStats.cpu(pid);
        ProcStats.CpuSample h0 = ProcStats.cpu(self);
        for (int s = 1; s <= seconds; s++) {
            long wake = start + s * 1_000_000_000L;
            long wait = (wake - System.nanoTime()) / 1_000_000L;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            ProcStats.CpuSample g1 = ProcStats.cpu(pid);
            ProcStats.CpuSample h1 = ProcStats.cpu(self);
            double other = others.coresSinceLast();
            double gateway = g1.coresSince(g0);
            double harness = h1.coresSince(h0);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("s", s - 1);
            row.put("machine", Summaries.round(gateway + harness + other));
            row.put("gateway", Summaries.round(gateway));
            row.put("harness", Summaries.round(harness));
            row.put("others", Summaries.round(other));
            row.putAll(queues());
            out.add(row);
            g0 = g1;
            h0 = h1;
        }
        return out;
    }
}
