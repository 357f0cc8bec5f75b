package io.trunkline.rtp.rtcp;

import io.trunkline.core.record.FarEndStats;
import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.rtcp.packet.NtpTime;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.rtcp.packet.RtcpPacket;
import io.trunkline.rtp.rtcp.packet.RtcpParseResult;
import io.trunkline.rtp.rtcp.packet.SenderReport;
import java.util.List;

/**
 * What the carrier's RTCP tells us: the report blocks about our stream (loss and jitter as the far end sees them,
 * and the round trip once it echoes one of our sender reports) and its latest sender report (for the LSR/DLSR
 * fields of our own reports). Each block about our stream is also reported to the attached {@link MediaProbe}.
 * Single-threaded, on the call's loop.
 */
public final class FarEndReports {

    private final long ourSsrc;
    private final int clockRate;
    private MediaProbe probe = MediaProbe.NONE;
    private ReportBlock latestBlock;
    private SenderReport latestSenderReport;
    private long latestSenderReportNanos;
    private long reports;
    private double jitterSumMs;
    private double jitterMaxMs;
    private double fractionLostMax;
    private double rttMs = -1;
    private double rttMaxMs = -1;

    public FarEndReports(long ourSsrc, int clockRate) {
        this.ourSsrc = ourSsrc;
        this.clockRate = clockRate;
    }

    /** Reports each block about our stream to {@code probe} from now on. */
    public void probe(MediaProbe probe) {
        this.probe = probe;
    }

    /** Takes what a parsed compound RTCP datagram says; it arrived at {@code arrivalNanos} (monotonic). */
    void onRtcp(RtcpParseResult result, long arrivalNanos) {
        onRtcp(result, arrivalNanos, NtpTime.now());
    }

    /** As {@link #onRtcp(RtcpParseResult, long)}, with the arrival also as a 64-bit NTP wall-clock time. */
    void onRtcp(RtcpParseResult result, long arrivalNanos, long arrivalNtp) {
        for (RtcpPacket packet : result.packets()) {
            if (packet instanceof SenderReport sr) {
                latestSenderReport = sr;
                latestSenderReportNanos = arrivalNanos;
                onBlocks(sr.blocks(), arrivalNtp);
            } else if (packet instanceof ReceiverReport rr) {
                onBlocks(rr.blocks(), arrivalNtp);
            }
        }
    }

    private void onBlocks(List<ReportBlock> blocks, long arrivalNtp) {
        for (ReportBlock block : blocks) {
            if (block.ssrc() == ourSsrc) {
                onBlock(block, arrivalNtp);
            }
        }
    }

    private void onBlock(ReportBlock block, long arrivalNtp) {
        latestBlock = block;
        reports++;
        double jitterMs = block.jitter() * 1000.0 / clockRate;
        jitterSumMs += jitterMs;
        jitterMaxMs = Math.max(jitterMaxMs, jitterMs);
        fractionLostMax = Math.max(fractionLostMax, block.fractionLostRatio());
        double rtt = NtpTime.roundTripMillis(block, arrivalNtp);
        if (rtt >= 0) {
            rttMs = rtt;
            rttMaxMs = Math.max(rttMaxMs, rtt);
        }
        probe.farEndReport(block, (long) (jitterMs * 1e6), rtt < 0 ? -1 : (long) (rtt * 1e6));
    }

    /** Our outbound stream: what we sent, with loss and jitter as reported by the far end once it has reported. */
    public RtpStreamStats outbound(long packetsSent, long payloadBytesSent) {
        if (latestBlock == null) {
            return RtpStreamStats.sent(packetsSent, payloadBytesSent);
        }
        long lost = latestBlock.cumulativeLost();
        return new RtpStreamStats(packetsSent, payloadBytesSent, lost, lossFraction(packetsSent),
                jitterSumMs / reports, jitterMaxMs, 0, 0, 0);
    }

    /** Everything the far end reported about our stream, or null when it sent no report about it. */
    public FarEndStats stats(long packetsSent) {
        if (latestBlock == null) {
            return null;
        }
        return new FarEndStats(reports, latestBlock.cumulativeLost(), lossFraction(packetsSent), fractionLostMax,
                jitterSumMs / reports, jitterMaxMs, rttMs, rttMaxMs);
    }

    private double lossFraction(long packetsSent) {
        long lost = latestBlock.cumulativeLost();
        return packetsSent == 0 ? 0 : Math.max(0, Math.min(1, lost / (double) packetsSent));
    }

    /** The far end's latest sender report, or null. */
    SenderReport latestSenderReport() {
        return latestSenderReport;
    }

    /** When {@link #latestSenderReport()} arrived (monotonic nanos). */
    long latestSenderReportNanos() {
        return latestSenderReportNanos;
    }
}
