package io.trunkline.rtp.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.testing.ManualCallLoop;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.LegMetrics;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.rtcp.packet.Bye;
import io.trunkline.rtp.rtcp.packet.NtpTime;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.rtcp.packet.RtcpPacket;
import io.trunkline.rtp.rtcp.packet.RtcpParseResult;
import io.trunkline.rtp.rtcp.packet.RtcpParser;
import io.trunkline.rtp.rtcp.packet.RtcpWriter;
import io.trunkline.rtp.rtcp.packet.SenderReport;
import io.trunkline.rtp.rtcp.packet.SourceDescription;
import io.trunkline.rtp.stats.ReceiveStatistics;
import io.trunkline.rtp.testing.RecordingLegObserver;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports a leg sends, on a manual clock, into an embedded channel. */
class RtcpReporterTest {

    private static final long OURS = 0xAAAA_0001L;
    private static final long CALLER = 0xBBBB_0002L;
    private static final InetSocketAddress CARRIER = new InetSocketAddress("127.0.0.1", 40151);
    private static final long MS = 1_000_000L;

    private final ManualCallLoop loop = ManualCallLoop.inline();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RecordingLegObserver observer = new RecordingLegObserver();
    private final ReceiveStatistics statistics = new ReceiveStatistics(8000);
    private final FarEndReports farEnd = new FarEndReports(OURS, 8000);
    /** Our stream: 20 ms packets of 160 bytes from timestamp 8000 at time 0. */
    private long packetsSent;
    private final SentStream sent = new SentStream() {
        @Override
        public long packetsSent() {
            return packetsSent;
        }

        @Override
        public long payloadBytesSent() {
            return packetsSent * 160;
        }

        @Override
        public long timestampAt(long nowNanos) {
            return 8000 + nowNanos / (20 * MS) * 160;
        }
    };
    private final RtcpReporter reporter = new RtcpReporter(loop, channel, () -> CARRIER, sent, OURS,
            "c-test@trunkline", statistics, farEnd, loop::nanoTime, () -> 1.0);

    RtcpReporterTest() {
        MediaProbe metrics = new LegMetrics(observer, new GatewayLatencies(observer), loop::nanoTime);
        farEnd.probe(metrics);
        reporter.probe(metrics);
    }

    private List<RtcpPacket> nextReport() {
        DatagramPacket datagram = channel.readOutbound();
        try {
            assertEquals(CARRIER, datagram.recipient());
            RtcpParseResult parsed = RtcpParser.parse(datagram.content());
            assertTrue(parsed.ok(), parsed.toString());
            return parsed.packets();
        } finally {
            datagram.release();
        }
    }

    @Test
    void sendsSenderReportsWithABlockAboutTheCallerAndByeAtTheEnd() {
        reporter.start();
        // The caller sends 100 packets, 20 ms apart, two of them lost.
        for (int i = 0; i < 100; i++) {
            if (i != 40 && i != 41) {
                statistics.onPacket(CALLER, i, i * 160L, i * 20 * MS, 160);
            }
        }
        loop.advanceNanos(2_499 * MS);
        assertNull(channel.readOutbound(), "the first report comes half an interval after start");
        packetsSent = 125; // up to 2480 ms
        loop.advanceNanos(MS);

        List<RtcpPacket> first = nextReport();
        SenderReport sr = assertInstanceOf(SenderReport.class, first.get(0));
        assertEquals(OURS, sr.ssrc());
        assertEquals(125, sr.packetCount());
        assertEquals(125 * 160, sr.octetCount());
        // At 2500 ms the next packet (due at 2500 ms) carries timestamp 8000 + 125·160.
        assertEquals(8000 + 125 * 160, sr.rtpTimestamp());
        ReportBlock block = sr.blocks().get(0);
        assertEquals(CALLER, block.ssrc());
        assertEquals(2, block.cumulativeLost());
        assertEquals(0, block.lastSr(), "no SR from the carrier yet");
        assertInstanceOf(SourceDescription.class, first.get(1));
        assertEquals(1, observer.rtcpSent.get());
        assertEquals(2, observer.inboundLost.get(), "newly lost packets counted at the report");
        assertEquals(1, observer.jitter.size());

        // The carrier's SR arrives at 3000 ms; our next report echoes it with the time we held it.
        long carrierNtp = NtpTime.fromMillis(1_700_000_000_000L);
        ByteBuf sr2 = Unpooled.buffer();
        RtcpWriter.write(sr2, new SenderReport(CALLER, carrierNtp, 777, 10, 1600, List.of()));
        farEnd.onRtcp(RtcpParser.parse(sr2), 3_000 * MS, carrierNtp);
        sr2.release();
        loop.advanceNanos(5_000 * MS); // no packet sent since the first report: a receiver report
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, nextReport().get(0));
        assertEquals(NtpTime.middle32(carrierNtp), rr.blocks().get(0).lastSr());
        assertEquals(NtpTime.unitsFromNanos(4_500 * MS), rr.blocks().get(0).delaySinceLastSr());
        assertEquals(1, observer.jitter.size(), "no new packets, no new jitter sample");

        reporter.stop();
        List<RtcpPacket> last = nextReport();
        assertInstanceOf(Bye.class, last.get(last.size() - 1));
        assertEquals(List.of(OURS), ((Bye) last.get(last.size() - 1)).ssrcs());
        assertEquals(0, loop.pendingTimers(), "nothing scheduled after stop");
        reporter.stop();
        assertNull(channel.readOutbound(), "stopping twice sends one BYE");
        assertEquals(3, observer.rtcpSent.get());
        assertFalse(channel.finish());
    }
}
