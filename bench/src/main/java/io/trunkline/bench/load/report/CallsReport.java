package io.trunkline.bench.load.report;

import io.trunkline.bench.load.call.FrameTrack;
import io.trunkline.bench.load.call.LoadCall;
import io.trunkline.bench.load.probe.GcLog;
import io.trunkline.bench.load.probe.JfrTop;
import io.trunkline.bench.load.sip.UacCall;
import io.trunkline.bench.load.stats.Histogram;
import io.trunkline.bench.load.stats.InboundMetrics;
import io.trunkline.bench.load.stats.OutboundMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The sections of a calls run's result: SIP, each media direction, GC pauses, safepoints and the profile. */
public final class CallsReport {

    private CallsReport() {
    }

    public static Map<String, Object> calls(List<LoadCall> calls, int answered, int failed, Map<String, Integer> failures,
            int warmupCalls, int warmupFailed) {
        Histogram setup = new Histogram();
        Histogram ringing = new Histogram();
        Histogram trying = new Histogram();
        Histogram bye = new Histogram();
        Histogram okRepeat = new Histogram();
        int byGateway = 0;
        int retransmits = 0;
        int okRetransmits = 0;
        int byeRetransmits = 0;
        int byeFailed = 0;
        for (LoadCall c : calls) {
            UacCall s = c.sip();
            if (s.answeredNanos() > 0) {
                setup.record(s.answeredNanos() - s.inviteSentNanos());
            }
            if (s.ringingNanos() > 0) {
                ringing.record(s.ringingNanos() - s.inviteSentNanos());
            }
            if (s.tryingNanos() > 0) {
                trying.record(s.tryingNanos() - s.inviteSentNanos());
            }
            if (s.byeAnsweredNanos() > 0) {
                bye.record(s.byeAnsweredNanos() - s.byeSentNanos());
            } else if (s.byeSentNanos() > 0) {
                byeFailed++;
            }
            if (s.endedByGateway() && s.byeSentNanos() == 0) {
                byGateway++;
            }
            if (s.firstOkRetransmitNanos() > 0) {
                okRepeat.record(s.firstOkRetransmitNanos() - s.answeredNanos());
            }
            retransmits += s.inviteRetransmits();
            okRetransmits += s.okRetransmits();
            byeRetransmits += s.byeRetransmits();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("placed", calls.size());
        m.put("answered", answered);
        m.put("failed", failed);
        m.put("failures", failures);
        m.put("warmupCalls", warmupCalls);
        m.put("warmupFailed", warmupFailed);
        m.put("endedByGatewayBeforeTeardown", byGateway);
        m.put("byeUnanswered", byeFailed);
        m.put("inviteRetransmits", retransmits);
        m.put("okRetransmitsSeen", okRetransmits);
        m.put("byeRetransmits", byeRetransmits);
        m.put("okRepeatedAfterMs", Summaries.of(okRepeat));
        m.put("setupMs", Summaries.of(setup));
        m.put("tryingMs", Summaries.of(trying));
        m.put("ringingMs", Summaries.of(ringing));
        m.put("byeMs", Summaries.of(bye));
        return m;
    }

    /** Frames sent, received, lost, duplicated, undecodable and unexpected over all calls, for one direction. */
    private static Map<String, Object> frameTotals(List<LoadCall> calls, Function<LoadCall, FrameTrack> direction) {
        long sent = 0;
        long received = 0;
        long lost = 0;
        long dup = 0;
        long invalid = 0;
        long unexpected = 0;
        int callsWithLoss = 0;
        for (LoadCall c : calls) {
            FrameTrack t = direction.apply(c);
            sent += t.sentCount();
            received += t.receivedUnique();
            lost += t.lost();
            dup += t.duplicates();
            invalid += t.undecodableCount();
            unexpected += t.unexpected();
            callsWithLoss += t.lost() > 0 ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framesSent", sent);
        m.put("framesReceived", received);
        m.put("lost", lost);
        m.put("duplicates", dup);
        m.put("undecodable", invalid);
        m.put("unexpected", unexpected);
        m.put("callsWithLoss", callsWithLoss);
        return m;
    }

    public static Map<String, Object> inbound(List<LoadCall> calls, InboundMetrics metrics) {
        Map<String, Object> m = frameTotals(calls, LoadCall::inbound);
        m.put("latencyMs", Summaries.of(metrics.latency));
        m.put("intervalErrorAtAgentMs", Summaries.of(metrics.intervalError));
        m.put("perCall", perCall(calls, true));
        m.put("perSecond", metrics.timeline.seconds());
        return m;
    }

    public static Map<String, Object> outbound(List<LoadCall> calls, OutboundMetrics metrics) {
        long packets = 0;
        long gaps = 0;
        long reordered = 0;
        long silence = 0;
        for (LoadCall c : calls) {
            packets += c.rtpIn().packets();
            gaps += c.rtpIn().sequenceGaps();
            reordered += c.rtpIn().reordered();
            silence += c.rtpIn().silencePackets();
        }
        Map<String, Object> m = frameTotals(calls, LoadCall::outbound);
        m.put("rtpPackets", packets);
        m.put("rtpSequenceGaps", gaps);
        m.put("rtpReordered", reordered);
        m.put("silencePackets", silence);
        m.put("totalMs", Summaries.of(metrics.total));
        m.put("pacingWaitMs", Summaries.of(metrics.pacingWait));
        m.put("addedMs", Summaries.of(metrics.added));
        m.put("intervalErrorMs", Summaries.of(metrics.intervalError));
        m.put("slotLatenessMs", Summaries.of(metrics.slotLateness));
        m.put("intervalsOver30ms", metrics.gaps);
        m.put("perCallAdded", perCall(calls, false));
        m.put("perSecondSlotLateness", metrics.timeline.seconds());
        return m;
    }

    /** The spread of per-call mean latencies, and the worst calls (a standing delay shows up here). */
    private static Map<String, Object> perCall(List<LoadCall> calls, boolean inbound) {
        List<double[]> means = new ArrayList<>();
        for (LoadCall c : calls) {
            double mean = (inbound ? c.inbound() : c.outbound()).latencyMeanMs();
            if (mean >= 0) {
                means.add(new double[] {mean, c.index(), (inbound ? c.inbound() : c.outbound()).latencyMaxMs()});
            }
        }
        means.sort((a, b) -> Double.compare(b[0], a[0]));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", means.size());
        m.put("meanOver1ms", means.stream().filter(v -> v[0] > 1).count());
        m.put("meanOver10ms", means.stream().filter(v -> v[0] > 10).count());
        List<String> worst = new ArrayList<>();
        for (int i = 0; i < Math.min(5, means.size()); i++) {
            worst.add("call " + (int) means.get(i)[1] + ": mean " + Summaries.round(means.get(i)[0]) + " ms, max "
                    + Summaries.round(means.get(i)[2]) + " ms");
        }
        m.put("worst", worst);
        return m;
    }

    public static Map<String, Object> pauses(List<GcLog.Pause> pauses, List<long[]> excluded) {
        List<Double> ms = new ArrayList<>();
        double total = 0;
        int over5 = 0;
        List<String> longest = new ArrayList<>();
        List<GcLog.Pause> kept = new ArrayList<>();
        for (GcLog.Pause p : pauses) {
            boolean skip = false;
            for (long[] range : excluded) {
                skip |= p.nanoTime() >= range[0] && p.nanoTime() <= range[1] + 1_000_000_000L;
            }
            if (!skip) {
                kept.add(p);
            }
        }
        for (GcLog.Pause p : kept) {
            ms.add(p.millis());
            total += p.millis();
            over5 += p.millis() > 5 ? 1 : 0;
        }
        kept.sort((a, b) -> Double.compare(b.millis(), a.millis()));
        for (int i = 0; i < Math.min(5, kept.size()); i++) {
            longest.add(kept.get(i).what() + " " + kept.get(i).millis() + " ms");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", ms.size());
        m.put("maxMs", ms.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        m.put("totalMs", Summaries.round(total));
        m.put("over5ms", over5);
        m.put("longest", longest);
        return m;
    }

    public static Map<String, Object> safepoints(List<GcLog.Safepoint> safepoints) {
        Map<String, Object> m = new LinkedHashMap<>();
        double max = 0;
        String what = "";
        int over1 = 0;
        for (GcLog.Safepoint s : safepoints) {
            if (s.millis() > max) {
                max = s.millis();
                what = s.operation();
            }
            over1 += s.millis() > 1 ? 1 : 0;
        }
        m.put("count", safepoints.size());
        m.put("maxMs", Summaries.round(max));
        m.put("maxOperation", what);
        m.put("over1ms", over1);
        return m;
    }

    public static Map<String, Object> profile(Path jfr) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", jfr.toString());
        for (String event : List.of("jdk.ExecutionSample", "jdk.NativeMethodSample")) {
            JfrTop.Profile p = JfrTop.read(jfr, event, 25);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("samples", p.samples());
            e.put("threads", p.threads());
            e.put("stages", p.stages());
            e.put("topSelf", p.self());
            e.put("topInclusive", p.inclusive());
            m.put(event, e);
        }
        return m;
    }

    public static Map<String, Double> roundAll(Map<String, Double> values) {
        Map<String, Double> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, Summaries.round(v)));
        return out;
    }

}
