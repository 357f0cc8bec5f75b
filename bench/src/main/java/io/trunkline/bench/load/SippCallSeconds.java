package io.trunkline.bench.load;

import io.trunkline.bench.load.probe.SippStatFile;
import io.trunkline.bench.load.report.Summaries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The call-seconds of a measured SIPp run as SIPp counts them, the same for the gateway and for a peer (which keeps
 * no call records): its successful calls times their mean length from its {@code -trace_stat} file, or, when the
 * file has no call length, times the call shape's nominal length. Every call of the measured SIPp run starts and
 * ends inside the CPU window, which opens before SIPp starts and closes after it exits.
 */
record SippCallSeconds(long calls, double seconds, String source) {

    static SippCallSeconds of(Map<String, Object> sipp, Path statFile, double nominalCallSeconds) throws IOException {
        long ok = sipp.get("successful") instanceof Number n ? n.longValue() : 0;
        double mean = SippStatFile.meanCallSeconds(statFile);
        if (Double.isNaN(mean) || mean <= 0) {
            return new SippCallSeconds(ok, ok * nominalCallSeconds,
                    "SIPp: successful calls (SuccessfulCall(C)) x the call shape's nominal " + nominalCallSeconds + " s");
        }
        return new SippCallSeconds(ok, ok * mean, "SIPp: successful calls (SuccessfulCall(C)) x their mean length "
                + "from INVITE sent to the 200 of BYE received (CallLength(C)), from -trace_stat");
    }

    /** Adds the SIPp-based figures for {@code cpuCoreSeconds} of CPU over the window to {@code out}. */
    void put(Map<String, Object> out, double cpuCoreSeconds) {
        out.put("callsOkSipp", calls);
        out.put("callSecondsSipp", Summaries.round(seconds));
        out.put("callSecondsSippSource", source);
        if (calls > 0) {
            out.put("cpuMsPerCallSipp", Summaries.round(1000 * cpuCoreSeconds / calls));
        }
        if (seconds > 0) {
            out.put("cpuPercentPerCallSecondSipp", Summaries.round(100 * cpuCoreSeconds / seconds));
        }
    }
}
