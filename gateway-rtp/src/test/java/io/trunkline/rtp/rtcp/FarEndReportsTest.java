package io.trunkline.rtp.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.core.record.FarEndStats;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.LegMetrics;
import io.trunkline.rtp.rtcp.packet.NtpTime;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.rtcp.packet.RtcpParser;
import io.trunkline.rtp.rtcp.packet.RtcpWriter;
import io.trunkline.rtp.testing.RecordingLegObserver;
import java.util.List;
import org.junit.jupiter.api.Test;

class FarEndReportsTest {

    private static final long OURS = 0x1234_5678L;

    private final RecordingLegObserver observer = new RecordingLegObserver();
    private final FarEndReports reports = new FarEndReports(OURS, 8000);

    FarEndReportsTest() {
        reports.probe(new LegMetrics(observer, new GatewayLatencies(observer), System::nanoTime));
    }

    private void receive(ReportBlock block, long arrivalNtp) {
        ByteBuf buf = Unpooled.buffer();
        try {
            RtcpWriter.write(buf, new ReceiverReport(0x0A0B_0C0DL, List.of(block)));
            reports.onRtcp(RtcpParser.parse(buf), 0, arrivalNtp);
        } finally {
            buf.release();
        }
    }

    @Test
    void roundTripIsArrivalMinusOurSenderReportMinusTheFarEndsDelay() {
        long ourSr = NtpTime.fromMillis(1_700_000_000_000L);
        // The far end held our SR for 1 s (65536 units) and its report arrives 1.25 s after the SR was sent.
        long arrival = NtpTime.fromMillis(1_700_000_001_250L);
        receive(new ReportBlock(OURS, 64, 4, 1000, 160, NtpTime.middle32(ourSr), 65_536), arrival);

        FarEndStats stats = reports.stats(400);
        assertEquals(1, stats.reports());
        assertEquals(4, stats.cumulativeLost());
        assertEquals(0.01, stats.lossFraction(), 1e-9, "4 of the 400 packets we sent");
        assertEquals(0.25, stats.fractionLostMax(), 1e-9, "64/256 in the last interval");
        assertEquals(20.0, stats.jitterMeanMs(), 1e-9, "160 units at 8 kHz");
        assertEquals(250.0, stats.rttMs(), 0.1);
        assertEquals(4, observer.outboundLost.get());
        double[] seen = observer.farEnd.get(0);
        assertEquals(0.25, seen[0], 1e-9);
        assertEquals(20_000_000, seen[1], 1);
        assertEquals(250_000_000, seen[2], 200_000);
    }

    @Test
    void blocksWithoutAnEchoedReportHaveNoRoundTripAndLossCountsOnce() {
        long now = NtpTime.fromMillis(1_700_000_000_000L);
        receive(new ReportBlock(OURS, 0, 3, 1000, 80, 0, 0), now);
        receive(new ReportBlock(OURS, 0, 3, 1100, 40, 0, 0), now);
        receive(new ReportBlock(OURS, 0, 5, 1200, 40, 0, 0), now);
        receive(new ReportBlock(0x9999L, 0, 50, 1200, 40, 0, 0), now); // about another source
        assertEquals(5, observer.outboundLost.get(), "deltas of the cumulative count");
        FarEndStats stats = reports.stats(100);
        assertEquals(3, stats.reports());
        assertEquals(20.0 / 3, stats.jitterMeanMs(), 1e-9, "80, 40 and 40 units: 10, 5 and 5 ms");
        assertEquals(10.0, stats.jitterMaxMs(), 1e-9);
        assertEquals(-1, stats.rttMs());
        assertNull(new FarEndReports(OURS, 8000).stats(10), "no report, no far-end figures");
    }
}
