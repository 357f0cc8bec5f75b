package io.trunkline.rtp.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {

    private static final long SSRC = 0x1234_5678L;
    private static final long FRAME_NANOS = 20_000_000L;
    private static final int FRAME_UNITS = 160;
    private static final double EPS = 1e-9;

    private final ReceiveStatistics stats = new ReceiveStatistics(8000);

    /** A 20 ms PCMU packet whose timestamp and arrival follow from the index {@code n}: constant transit. */
    private PacketOrder packet(long ssrc, int seq, long n) {
        return stats.onPacket(ssrc, seq, (n * FRAME_UNITS) & 0xffff_ffffL, n * FRAME_NANOS, 160);
    }

    private PacketOrder packet(int seq) {
        return packet(SSRC, seq, seq);
    }

    @Test
    void firstPacketRestartsAndFollowingOnesAreInOrder() {
        assertNull(stats.nextReportBlock(0, 0));
        assertEquals(PacketOrder.RESTART, packet(10));
        assertEquals(PacketOrder.IN_ORDER, packet(11));
        assertEquals(PacketOrder.IN_ORDER, packet(12));
        assertEquals(3, stats.packetsReceived());
        assertEquals(480, stats.bytesReceived());
        assertEquals(3, stats.expected());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(12, stats.extendedHighestSequence());
        assertEquals(SSRC, stats.ssrc());
        assertEquals(0, stats.ssrcChanges());
        assertEquals(0.0, stats.jitterMillis(), EPS);
    }

    @Test
    void sequenceWrapFrom65535To0ExtendsTheHighestSequence() {
        for (int i = 0; i < 12; i++) {
            int seq = (65530 + i) & 0xffff;
            assertEquals(i == 0 ? PacketOrder.RESTART : PacketOrder.IN_ORDER, packet(SSRC, seq, i), "seq " + seq);
        }
        assertEquals(65536 + 5, stats.extendedHighestSequence());
        assertEquals(12, stats.expected());
        assertEquals(0, stats.cumulativeLost());
        ReportBlock block = stats.nextReportBlock(0, 0);
        assertEquals(0x1_0005L, block.extendedHighestSequence());
        assertEquals(0, block.fractionLost());
    }

    @Test
    void jitterFollowsTheRfc3550EstimatorForOneDelayedPacket() {
        for (int n = 0; n < 10; n++) {
            packet(n);
        }
        assertEquals(0.0, stats.jitterTimestampUnits(), EPS);
        // Packet 10 arrives 10 ms (80 units) late: D = 80, J = 0 + (80 - 0) / 16 = 5
        stats.onPacket(SSRC, 10, 10 * FRAME_UNITS, 10 * FRAME_NANOS + 10_000_000L, 160);
        assertEquals(5.0 / 8, stats.jitterMillis(), EPS);
        // Packet 11 on time: D = -80, J = 5 + (80 - 5) / 16 = 9.6875
        packet(11);
        assertEquals(9.6875 / 8, stats.jitterMillis(), EPS);
        // Packet 12 on time: D = 0, J = 9.6875 * 15 / 16 = 9.08203125
        packet(12);
        assertEquals(9, stats.jitterTimestampUnits());
        assertEquals(9.08203125 / 8, stats.jitterMillis(), EPS);
        assertEquals(9.6875 / 8, stats.jitterMaxMillis(), EPS);
        // 12 updates (packets 1..12); the estimates were 0 (x9), 5, 9.6875, 9.08203125
        assertEquals((5 + 9.6875 + 9.08203125) / 12 / 8, stats.jitterMeanMillis(), EPS);
        assertEquals(9, stats.nextReportBlock(0, 0).jitter());
    }

    @Test
    void repeatedTimestampsOfTelephoneEventsAreNotJitter() {
        for (int n = 0; n < 5; n++) {
            packet(n);
        }
        // Five event packets 20 ms apart, all stamped with the event start (packet 5's timestamp).
        for (int n = 5; n < 10; n++) {
            stats.onPacket(SSRC, n, 5 * FRAME_UNITS, n * FRAME_NANOS, 4);
        }
        for (int n = 10; n < 15; n++) {
            packet(n);
        }
        assertEquals(0.0, stats.jitterMaxMillis(), EPS);
    }

    @Test
    void gapsCountAsLossAndFractionLostIsPerInterval() {
        for (int seq : new int[] {0, 1, 2, 5, 6}) {
            assertEquals(seq == 0 ? PacketOrder.RESTART : PacketOrder.IN_ORDER, packet(seq), "seq " + seq);
        }
        assertEquals(7, stats.expected());
        assertEquals(5, stats.packetsReceived());
        assertEquals(2, stats.cumulativeLost());
        assertEquals(2.0 / 7, stats.lossFraction(), EPS);
        ReportBlock first = stats.nextReportBlock(0x1111_2222L, 0x3333L);
        assertEquals(SSRC, first.ssrc());
        assertEquals((2 << 8) / 7, first.fractionLost());
        assertEquals(2, first.cumulativeLost());
        assertEquals(6, first.extendedHighestSequence());
        assertEquals(0x1111_2222L, first.lastSr());
        assertEquals(0x3333L, first.delaySinceLastSr());

        for (int seq = 7; seq <= 10; seq++) {
            packet(seq);
        }
        ReportBlock second = stats.nextReportBlock(0, 0);
        assertEquals(0, second.fractionLost());
        assertEquals(2, second.cumulativeLost());

        packet(20); // 11..19 lost: 9 of the 10 expected in this interval
        assertEquals((9 << 8) / 10, stats.nextReportBlock(0, 0).fractionLost());
        assertEquals(11, stats.cumulativeLost());
    }

    @Test
    void gapBelowMaxDropoutIsInOrderAndCountedAsLoss() {
        packet(0);
        packet(1);
        stats.nextReportBlock(0, 0);
        packet(2000); // a gap below MAX_DROPOUT is in order: 1998 lost of 1999 expected
        assertEquals(PacketOrder.IN_ORDER, packet(2001));
        assertEquals(1998, stats.cumulativeLost());
        assertEquals((1998 << 8) / 2000, stats.nextReportBlock(0, 0).fractionLost());
    }

    @Test
    void duplicatesAreDetectedAndNotCounted() {
        packet(0);
        packet(1);
        packet(2);
        assertEquals(PacketOrder.DUPLICATE, packet(2));
        assertEquals(PacketOrder.DUPLICATE, packet(1));
        assertEquals(PacketOrder.DUPLICATE, packet(0));
        assertEquals(PacketOrder.IN_ORDER, packet(3));
        assertEquals(3, stats.duplicates());
        assertEquals(4, stats.packetsReceived());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(640, stats.bytesReceived());
    }

    @Test
    void duplicatesAreDetectedAcrossTheSequenceWrap() {
        packet(SSRC, 65534, 0);
        packet(SSRC, 65535, 1);
        packet(SSRC, 0, 2);
        assertEquals(PacketOrder.DUPLICATE, packet(SSRC, 65535, 1));
        assertEquals(PacketOrder.DUPLICATE, packet(SSRC, 0, 2));
        assertEquals(PacketOrder.IN_ORDER, packet(SSRC, 1, 3));
        assertEquals(2, stats.duplicates());
    }

    @Test
    void reorderedPacketIsOutOfOrderButNotLost() {
        packet(0);
        packet(1);
        assertEquals(PacketOrder.IN_ORDER, packet(3));
        assertEquals(64, stats.nextReportBlock(0, 0).fractionLost()); // 1 of 4 missing so far
        assertEquals(PacketOrder.OUT_OF_ORDER, packet(2));
        assertEquals(PacketOrder.DUPLICATE, packet(2));
        assertEquals(PacketOrder.IN_ORDER, packet(4));
        assertEquals(1, stats.outOfOrder());
        assertEquals(5, stats.packetsReceived());
        assertEquals(5, stats.expected());
        assertEquals(0, stats.cumulativeLost());
        ReportBlock block = stats.nextReportBlock(0, 0);
        assertEquals(0, block.fractionLost()); // more received than expected in this interval
        assertEquals(0, block.cumulativeLost());
    }

    @Test
    void ssrcChangeRestartsTheSource() {
        for (int seq = 0; seq < 5; seq++) {
            packet(seq);
        }
        stats.nextReportBlock(0, 0);
        long other = 0xffff_ffffL;
        assertEquals(PacketOrder.RESTART, packet(other, 1000, 5));
        assertEquals(PacketOrder.IN_ORDER, packet(other, 1001, 6));
        assertEquals(1, stats.ssrcChanges());
        assertEquals(other, stats.ssrc());
        assertEquals(1001, stats.extendedHighestSequence());
        assertEquals(7, stats.packetsReceived());
        assertEquals(7, stats.expected());
        ReportBlock block = stats.nextReportBlock(0, 0);
        assertEquals(other, block.ssrc());
        assertEquals(0, block.cumulativeLost());
        assertEquals(0, block.fractionLost());
    }

    @Test
    void largeJumpResynchronisesAfterTwoSequentialPackets() {
        for (int seq = 0; seq < 5; seq++) {
            packet(seq);
        }
        // 10000 - 4 > MAX_DROPOUT (3000): held until the next packet confirms it (RFC 3550 A.1)
        assertEquals(PacketOrder.OUT_OF_ORDER, packet(10_000));
        assertEquals(PacketOrder.RESTART, packet(10_001));
        assertEquals(PacketOrder.IN_ORDER, packet(10_002));
        assertEquals(1, stats.heldBack());
        assertEquals(0, stats.outOfOrder());
        assertEquals(0, stats.ssrcChanges());
        assertEquals(10_002, stats.extendedHighestSequence());
        assertEquals(5 + 2, stats.packetsReceived());
        assertEquals(5 + 2, stats.expected());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void strayJumpWithoutConfirmationIsIgnored() {
        for (int seq = 0; seq < 5; seq++) {
            packet(seq);
        }
        assertEquals(PacketOrder.OUT_OF_ORDER, packet(40_000));
        assertEquals(PacketOrder.IN_ORDER, packet(5));
        assertEquals(PacketOrder.IN_ORDER, packet(6));
        assertEquals(PacketOrder.OUT_OF_ORDER, packet(40_001)); // no longer the confirming successor
        assertEquals(6, stats.extendedHighestSequence());
        assertEquals(7, stats.packetsReceived());
        assertEquals(2, stats.heldBack());
    }

    @Test
    void probationRestartsOnANonSequentialPacketWithoutCountingLoss() {
        assertEquals(PacketOrder.RESTART, packet(100));
        assertEquals(PacketOrder.OUT_OF_ORDER, packet(99)); // older than the only packet seen
        assertEquals(PacketOrder.IN_ORDER, packet(105));
        assertEquals(PacketOrder.IN_ORDER, packet(106));
        assertEquals(PacketOrder.IN_ORDER, packet(108)); // probation passed: an ordinary gap
        assertEquals(4, stats.packetsReceived());
        assertEquals(1 + 4, stats.expected());
        assertEquals(1, stats.cumulativeLost());
        assertEquals(1, stats.outOfOrder());
    }

    @Test
    void snapshotCarriesTheCallFigures() {
        packet(0);
        packet(1);
        packet(3);
        packet(1);
        packet(2);
        packet(SSRC + 1, 500, 4);
        RtpStreamStats snapshot = stats.snapshot();
        assertEquals(5, snapshot.packets());
        assertEquals(800, snapshot.bytes());
        assertEquals(0, snapshot.lost());
        assertEquals(0.0, snapshot.lossFraction(), EPS);
        assertEquals(1, snapshot.outOfOrder());
        assertEquals(1, snapshot.duplicates());
        assertEquals(1, snapshot.ssrcChanges());
        assertEquals(stats.jitterMeanMillis(), snapshot.jitterMeanMs(), EPS);
        assertEquals(stats.jitterMaxMillis(), snapshot.jitterMaxMs(), EPS);
    }

    @Test
    void sequenceNumbersAboveSixteenBitsAreMasked() {
        assertEquals(PacketOrder.RESTART, stats.onPacket(SSRC, 0x1_0005, 0, 0, 0));
        assertEquals(5, stats.extendedHighestSequence());
    }
}
