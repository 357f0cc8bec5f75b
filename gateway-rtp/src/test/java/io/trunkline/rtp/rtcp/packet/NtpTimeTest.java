package io.trunkline.rtp.rtcp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NtpTimeTest {

    @Test
    void unixEpochIsSeventyYearsOfNtpSeconds() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromMillis(0));
        assertEquals((2_208_988_800L << 32) | 0x8000_0000L, NtpTime.fromMillis(500));
    }

    @Test
    void millisRoundTripIncludingAfterTheNtpEraRollover() {
        for (long millis : new long[] {0, 999, 1_700_000_000_123L, 2_085_978_495_999L, 2_085_978_496_001L,
            3_000_000_000_000L}) {
            assertEquals(millis, NtpTime.toMillis(NtpTime.fromMillis(millis)), "millis " + millis);
        }
    }

    @Test
    void nowIsCloseToTheSystemClock() {
        long before = System.currentTimeMillis();
        long now = NtpTime.toMillis(NtpTime.now());
        long after = System.currentTimeMillis();
        assertTrue(now >= before - 1 && now <= after, before + " <= " + now + " <= " + after);
    }

    @Test
    void middle32TakesLowSecondsAndHighFraction() {
        assertEquals(0x5678_9abcL, NtpTime.middle32(0x1234_5678_9abc_def0L));
    }

    @Test
    void roundTripMatchesTheExampleOfRfc3550Section641() {
        // A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s)
        long rtt = NtpTime.roundTripUnits(0xb710_8000L, 0xb705_2000L, 0x0005_4000L);
        assertEquals(0x0006_2000L, rtt);
        assertEquals(6125.0, NtpTime.unitsToMillis(rtt));
        ReportBlock block = new ReportBlock(1, 0, 0, 0, 0, 0xb705_2000L, 0x0005_4000L);
        assertEquals(6125.0, NtpTime.roundTripMillis(block, 0xb710_8000L << 16));
    }

    @Test
    void roundTripIsUnknownWithoutSenderReportOrWhenNegative() {
        assertEquals(-1, NtpTime.roundTripUnits(0xb710_8000L, 0, 0));
        assertEquals(-1, NtpTime.roundTripUnits(0x0001_0000L, 0x0001_0000L, 0x0000_0001L));
        // wrap of the 32-bit compact time is modulo arithmetic
        assertEquals(0x2_0000L, NtpTime.roundTripUnits(0x0001_0000L, 0xffff_0000L, 0));
    }

    @Test
    void dlsrUnitsFromNanos() {
        assertEquals(65536, NtpTime.unitsFromNanos(1_000_000_000L));
        assertEquals(5 * 65536 + 16384, NtpTime.unitsFromNanos(5_250_000_000L));
        assertEquals(0, NtpTime.unitsFromNanos(-5));
        assertEquals(0xffff_ffffL, NtpTime.unitsFromNanos(Long.MAX_VALUE));
    }
}
