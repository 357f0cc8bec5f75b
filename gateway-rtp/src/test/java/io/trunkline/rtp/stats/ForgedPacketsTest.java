package io.trunkline.rtp.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Single forged or glitched packets in a source's stream: one with another SSRC followed by one with the real SSRC
 * but a sequence number far ahead puts the real source on probation at the wrong place, and its next packets must
 * still be played, not taken for stale ones; one with a timestamp far off must not count as network jitter.
 */
class ForgedPacketsTest {
    private static final long SSRC = 0x5eed_5eedL;

    private final ReceiveStatistics stats = new ReceiveStatistics(8000);
    private long n;

    private PacketOrder packet(long ssrc, int seq) {
        n++;
        return stats.onPacket(ssrc, seq, (n * 160) & 0xffff_ffffL, n * 20_000_000L, 160);
    }

    @Test
    void realPacketsAfterAForgedJumpDuringProbationArePlayed() {
        for (int seq = 1000; seq < 1010; seq++) {
            packet(SSRC, seq);
        }
        assertEquals(PacketOrder.RESTART, packet(0x1L, 1010)); // a forged SSRC
        assertEquals(PacketOrder.RESTART, packet(SSRC, 21_010)); // back, 20000 ahead: probation from there
        assertEquals(PacketOrder.IN_ORDER, packet(SSRC, 1010)); // the real stream goes on: probation starts over
        assertEquals(PacketOrder.IN_ORDER, packet(SSRC, 1011));
        assertEquals(PacketOrder.IN_ORDER, packet(SSRC, 1012));
        assertEquals(1012, stats.extendedHighestSequence() & 0xffff);
    }

    @Test
    void aTimestampJumpIsNotJitter() {
        for (int seq = 0; seq < 50; seq++) {
            packet(SSRC, seq);
        }
        n++;
        stats.onPacket(SSRC, 50, (n * 160 + 1_000_000_000L) & 0xffff_ffffL, n * 20_000_000L, 160);
        for (int seq = 51; seq < 100; seq++) {
            packet(SSRC, seq);
        }
        assertEquals(0.0, stats.jitterMaxMillis(), 1e-9);
    }

    @Test
    void aLatePacketDuringProbationIsStillStale() {
        assertEquals(PacketOrder.RESTART, packet(SSRC, 100));
        assertEquals(PacketOrder.OUT_OF_ORDER, packet(SSRC, 99));
        assertEquals(PacketOrder.IN_ORDER, packet(SSRC, 101));
    }
}
