package io.trunkline.rtp.engine;

import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.rtp.rtcp.ReceiverReport;
import io.trunkline.rtp.rtcp.ReportBlock;
import io.trunkline.rtp.rtcp.RtcpPacket;
import io.trunkline.rtp.rtcp.RtcpParseResult;
import io.trunkline.rtp.rtcp.SenderReport;
import java.util.List;

/**
 * What the carrier's RTCP tells us: the latest report block about our stream (loss and jitter as the far end
 * sees them) and the latest sender report (kept for the LSR/DLSR fields of our own reports). Single-threaded.
 */
final class FarEndReports {

    private final long ourSsrc;
    private final int clockRate;
    private ReportBlock latestBlock;
    private SenderReport latestSenderReport;
    private long latestSenderReportNanos;
    private long reports;
    private double jitterSumMs;
    private double jitterMaxMs;

    FarEndReports(long ourSsrc, int clockRate) {
        this.ourSsrc = ourSsrc;
        this.clockRate = clockRate;
    }

    /** Takes what a parsed compound RTCP datagram says. */
    void onRtcp(RtcpParseResult result, long arrivalNanos) {
        for (RtcpPacket packet : result.packets()) {
            if (packet instanceof SenderReport sr) {
                latestSenderReport = sr;
                latestSenderReportNanos = arrivalNanos;
                onBlocks(sr.blocks());
            } else if (packet instanceof ReceiverReport rr) {
                onBlocks(rr.blocks());
            }
        }
    }

    private void onBlocks(List<ReportBlock> blocks) {
        for (ReportBlock block : blocks) {
            if (block.ssrc() == ourSsrc) {
                latestBlock = block;
                reports++;
                double jitterMs = block.jitter() * 1000.0 / clockRate;
                jitterSumMs += jitterMs;
                jitterMaxMs = Math.max(jitterMaxMs, jitterMs);
            }
        }
    }

    /** Our outbound stream: what we sent, with loss and jitter as reported by the far end once it has reported. */
    RtpStreamStats outbound(long packetsSent, long payloadBytesSent) {
        if (latestBlock == null) {
            return RtpStreamStats.sent(packetsSent, payloadBytesSent);
        }
        long lost = latestBlock.cumulativeLost();
        double lossFraction = packetsSent == 0 ? 0 : Math.max(0, Math.min(1, lost / (double) packetsSent));
        return new RtpStreamStats(packetsSent, payloadBytesSent, lost, lossFraction, jitterSumMs / reports,
                jitterMaxMs, 0, 0, 0);
    }

    /** The far end's latest report block about our stream, or null. */
    ReportBlock latestBlock() {
        return latestBlock;
    }

    /** The far end's latest sender report, or null. */
    SenderReport latestSenderReport() {
        return latestSenderReport;
    }

    /** When {@link #latestSenderReport()} arrived (monotonic nanos). */
    long latestSenderReportNanos() {
        return latestSenderReportNanos;
    }

    /** Report blocks about our stream received so far. */
    long reports() {
        return reports;
    }
}
