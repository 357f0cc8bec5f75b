package io.trunkline.rtp.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.trunkline.core.audio.DtmfDigit;
import org.junit.jupiter.api.Test;

class DtmfReceiverTest {

    private final DtmfReceiver receiver = new DtmfReceiver();

    /** Feeds one event payload, placed after 12 bytes of header with the reader index at the payload. */
    private DtmfDigit event(long timestamp, int event, boolean end, int duration) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeZero(12);
            TelephoneEvent.write(buf, event, end, 10, duration);
            buf.readerIndex(12);
            DtmfDigit digit = receiver.onPacket(timestamp, buf, 4);
            assertEquals(12, buf.readerIndex());
            return digit;
        } finally {
            buf.release();
        }
    }

    private DtmfDigit raw(long timestamp, byte[] payload, int length) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(payload);
            return receiver.onPacket(timestamp, buf, length);
        } finally {
            buf.release();
        }
    }

    @Test
    void reportsAPressOnceOnItsFirstEndPacket() {
        assertNull(event(1000, 5, false, 160));
        assertNull(event(1000, 5, false, 480));
        assertEquals(new DtmfDigit('5', 100), event(1000, 5, true, 800));
        assertNull(event(1000, 5, true, 800));
        assertNull(event(1000, 5, true, 800));
        assertNull(receiver.flush());
    }

    @Test
    void lostEndPacketsDoNotLoseTheDigit() {
        assertNull(event(1000, 1, false, 160));
        assertNull(event(1000, 1, false, 320));
        // the next press starts: the first is reported with the last duration seen (320 units = 40 ms)
        assertEquals(new DtmfDigit('1', 40), event(2000, 2, false, 160));
        assertEquals(new DtmfDigit('2', 80), event(2000, 2, true, 640));
        assertNull(event(2000, 2, true, 640));
    }

    @Test
    void pressSeenOnlyByItsEndPacketsIsReported() {
        assertEquals(new DtmfDigit('#', 60), event(3000, 11, true, 480));
        assertNull(event(3000, 11, true, 480));
    }

    @Test
    void whenTwoPressesAreDueAtOnceTheSecondWaitsForItsRepeatedEnd() {
        assertNull(event(1000, 3, false, 160));
        assertEquals(new DtmfDigit('3', 20), event(2000, 4, true, 400));
        assertEquals(new DtmfDigit('4', 50), event(2000, 4, true, 400));
        assertNull(event(2000, 4, true, 400));
    }

    @Test
    void flushReportsAnUnfinishedPressOnce() {
        assertNull(event(1000, 3, false, 160));
        assertEquals(new DtmfDigit('3', 20), event(2000, 4, true, 400)); // '4' is now pending
        assertEquals(new DtmfDigit('4', 50), receiver.flush());
        assertNull(receiver.flush());
        assertNull(event(2000, 4, true, 400));
    }

    @Test
    void latePacketsOfThePreviousPressAreIgnored() {
        assertNull(event(1000, 7, false, 160));
        assertEquals(new DtmfDigit('7', 100), event(1000, 7, true, 800));
        assertNull(event(2000, 8, false, 160));
        assertNull(event(1000, 7, true, 800));
        assertEquals(new DtmfDigit('8', 50), event(2000, 8, true, 400));
    }

    @Test
    void reorderedUpdateDoesNotShortenTheDuration() {
        assertNull(event(1000, 0, false, 800));
        assertEquals(new DtmfDigit('0', 100), event(1000, 0, true, 480)); // a stale value after a longer one
    }

    @Test
    void starHashLettersAndFlashMapToTheirDigits() {
        int[] events = {10, 11, 12, 15, 16};
        char[] digits = {'*', '#', 'A', 'D', 'F'};
        for (int i = 0; i < events.length; i++) {
            assertEquals(digits[i], event(10_000L * (i + 1), events[i], true, 800).digit());
        }
    }

    @Test
    void malformedPayloadsAreCountedAndIgnored() {
        assertNull(event(1000, 9, false, 160));
        assertNull(raw(1500, new byte[] {9, 0, 1}, 3));
        assertNull(raw(1500, new byte[] {9, 0, 1}, 4)); // length claims more than the buffer holds
        assertNull(event(1500, 17, true, 800)); // not a DTMF event
        assertNull(event(1500, 255, true, 800));
        assertNull(event(1000, 4, true, 800)); // another event under the running timestamp
        assertEquals(5, receiver.malformed());
        // the running press was not disturbed
        assertEquals(new DtmfDigit('9', 100), event(1000, 9, true, 800));
    }

    @Test
    void durationUsesTheConfiguredClock() {
        DtmfReceiver wideband = new DtmfReceiver(16_000);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            TelephoneEvent.write(buf, 6, true, 10, 1600);
            assertEquals(new DtmfDigit('6', 100), wideband.onPacket(5, buf, 4));
        } finally {
            buf.release();
        }
        assertThrows(IllegalArgumentException.class, () -> new DtmfReceiver(0));
    }

    @Test
    void resetForgetsThePendingPress() {
        assertNull(event(1000, 2, false, 160));
        receiver.reset();
        assertNull(receiver.flush());
        assertEquals(new DtmfDigit('2', 100), event(1000, 2, true, 800));
    }
}
