package io.trunkline.rtp.engine;

import static io.trunkline.rtp.testing.RtpPackets.PCMU;
import static io.trunkline.rtp.testing.RtpPackets.rtp;
import static io.trunkline.rtp.testing.RtpPackets.ulawTone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.testing.Await;
import io.trunkline.rtp.rtcp.packet.Bye;
import io.trunkline.rtp.rtcp.packet.NtpTime;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.rtcp.packet.RtcpPacket;
import io.trunkline.rtp.rtcp.packet.RtcpParseResult;
import io.trunkline.rtp.rtcp.packet.RtcpParser;
import io.trunkline.rtp.rtcp.packet.RtcpWriter;
import io.trunkline.rtp.rtcp.packet.SenderReport;
import io.trunkline.rtp.testing.RecordingLegObserver;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RTCP both ways over loopback: our reports, the carrier's answer, the round trip, and what the observer saw. */
class UdpMediaLegRtcpIT {

    private static final long CALLER_SSRC = 0xCAFE_0101L;

    static java.util.stream.Stream<UdpTransport> transports() {
        return LegFixture.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void reportsGoBothWaysAndTheRoundTripIsMeasured(UdpTransport transport) throws Exception {
        RecordingLegObserver observer = new RecordingLegObserver();
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_700, 4, true, Duration.ofSeconds(30)),
                AudioFormat.PCM16_16K, codec -> observer);
             DatagramSocket carrierRtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            carrierRtcp.setSoTimeout(5000);
            f.run(f.leg::start);
            InetSocketAddress legRtp = f.leg.localRtpAddress();
            InetSocketAddress legRtcp = new InetSocketAddress("127.0.0.1", legRtp.getPort() + 1);
            for (int i = 0; i < 60; i++) {
                if (i != 30 && i != 31) {
                    f.peer.send(rtp(false, PCMU, i, i * 160L, CALLER_SSRC, ulawTone(i * 160, 160)), legRtp);
                }
            }
            // The carrier's first RR (no blocks yet) tells the leg where its RTCP comes from.
            send(carrierRtcp, new ReceiverReport(0x0C0C_0C0CL, List.of()), legRtcp);
            f.run(() -> f.leg.play(ByteBuffer.wrap(new byte[6400]))); // 200 ms of agent audio

            List<RtcpPacket> first = receive(carrierRtcp);
            SenderReport sr = assertInstanceOf(SenderReport.class, first.get(0));
            ReportBlock aboutCaller = sr.blocks().get(0);
            assertEquals(CALLER_SSRC, aboutCaller.ssrc());
            assertEquals(2, aboutCaller.cumulativeLost());
            assertEquals(59, aboutCaller.extendedHighestSequence());

            // The carrier answers about our stream, echoing our SR at once (DLSR 0): the round trip is loopback's.
            send(carrierRtcp, new ReceiverReport(0x0C0C_0C0CL, List.of(new ReportBlock(sr.ssrc(), 26, 3, 500, 240,
                    NtpTime.middle32(sr.ntpTimestamp()), 0))), legRtcp);
            Await.until(LegFixture.WAIT, "the far end's report", () -> f.call(f.leg::stats).farEnd() != null);
            MediaStats stats = f.call(f.leg::stats);
            assertEquals(1, stats.farEnd().reports());
            assertEquals(3, stats.farEnd().cumulativeLost());
            assertEquals(30.0, stats.farEnd().jitterMeanMs(), 1e-9);
            assertTrue(stats.farEnd().rttMs() >= 0 && stats.farEnd().rttMs() < 1000, stats.farEnd().toString());
            assertEquals(3, stats.outbound().lost());

            assertEquals(58, observer.received.get());
            assertEquals(58 * 160, observer.receivedBytes.get());
            assertEquals(2, observer.inboundLost.get());
            assertTrue(observer.sent.get() > 0);
            assertEquals(1, observer.rtcpSent.get());
            assertEquals(3, observer.outboundLost.get());
            assertEquals(1, observer.farEnd.size());
            assertEquals(58, stats.gateway().inbound().count(), "every packet completed a 20 ms frame");
            assertEquals(observer.inbound.size(), stats.gateway().inbound().count());
            assertEquals(10, stats.gateway().outbound().count(), "200 ms of agent audio: ten packets");
            assertEquals(10, observer.pacingWait.size());
            assertTrue(stats.gateway().pacingError().count() > 0);

            f.run(f.leg::close);
            List<RtcpPacket> last = receive(carrierRtcp);
            assertInstanceOf(Bye.class, last.get(last.size() - 1));
        }
    }

    private static void send(DatagramSocket socket, RtcpPacket packet, InetSocketAddress to) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        try {
            RtcpWriter.write(buf, packet);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } finally {
            buf.release();
        }
    }

    private static List<RtcpPacket> receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        socket.receive(packet);
        ByteBuf buf = Unpooled.wrappedBuffer(packet.getData(), 0, packet.getLength());
        try {
            RtcpParseResult parsed = RtcpParser.parse(buf);
            assertTrue(parsed.ok(), parsed.toString());
            return parsed.packets();
        } finally {
            buf.release();
        }
    }
}
