package io.trunkline.rtp.rtcp.packet;

/**
 * NTP timestamps as RTCP uses them (RFC 3550 §4): 32 bits of seconds since 1900 and 32 bits of fraction, and the
 * round-trip time a sender derives from a report block (§6.4.1).
 */
public final class NtpTime {

    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_SECONDS = 2_208_988_800L;

    private static final long UNITS_PER_SECOND = 65_536;

    private NtpTime() {
    }

    /** The current wall-clock time as a 64-bit NTP timestamp. */
    public static long now() {
        return fromMillis(System.currentTimeMillis());
    }

    /** A 64-bit NTP timestamp for milliseconds since the Unix epoch (seconds wrap in 2036, as NTP's do). */
    public static long fromMillis(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000) + UNIX_EPOCH_SECONDS;
        long fraction = (Math.floorMod(epochMillis, 1000L) << 32) / 1000;
        return seconds << 32 | fraction;
    }

    /**
     * Milliseconds since the Unix epoch for a 64-bit NTP timestamp. Seconds with the top bit clear are taken as NTP
     * era 1 (after February 2036), so times from 1968 to 2104 convert correctly.
     */
    public static long toMillis(long ntp) {
        long seconds = ntp >>> 32;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += 1L << 32;
        }
        long fraction = ntp & Unsigned.MAX_32;
        // Rounded to the nearest millisecond so that fromMillis and toMillis round-trip.
        return (seconds - UNIX_EPOCH_SECONDS) * 1000 + ((fraction * 1000 + (1L << 31)) >>> 32);
    }

    /** The middle 32 bits of a 64-bit NTP timestamp: the compact form used in LSR and in RTT arithmetic. */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & Unsigned.MAX_32;
    }

    /** A duration in units of 1/65536 s (the DLSR field), saturating at the 32-bit maximum. */
    public static long unitsFromNanos(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long units = nanos / 1_000_000_000L * UNITS_PER_SECOND
                + (nanos % 1_000_000_000L) * UNITS_PER_SECOND / 1_000_000_000L;
        return Math.min(units, Unsigned.MAX_32);
    }

    /** A duration in units of 1/65536 s as milliseconds. */
    public static double unitsToMillis(long units) {
        return units * 1000.0 / UNITS_PER_SECOND;
    }

    /**
     * Round-trip time A - LSR - DLSR (RFC 3550 §6.4.1) in units of 1/65536 s, where A is the arrival time of the
     * report in the compact 32-bit form ({@link #middle32}), all modulo 2^32.
     *
     * @return the round trip, or -1 when the peer has not seen a sender report yet ({@code lastSr == 0}) or the
     *         result is negative (clocks or a bogus report)
     */
    public static long roundTripUnits(long arrivalMiddle32, long lastSr, long delaySinceLastSr) {
        if (lastSr == 0) {
            return -1;
        }
        long rtt = (arrivalMiddle32 - lastSr - delaySinceLastSr) & Unsigned.MAX_32;
        return rtt > Integer.MAX_VALUE ? -1 : rtt;
    }

    /**
     * Round-trip time from a report block about one of our streams, received at {@code arrivalNtp} (64-bit).
     *
     * @return milliseconds, or -1 when it cannot be computed (see {@link #roundTripUnits})
     */
    public static double roundTripMillis(ReportBlock block, long arrivalNtp) {
        long units = roundTripUnits(middle32(arrivalNtp), block.lastSr(), block.delaySinceLastSr());
        return units < 0 ? -1 : unitsToMillis(units);
    }
}
