package io.trunkline.rtp.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class TelephoneEventTest {

    @Test
    void parsesEventEndVolumeAndDuration() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x05, (byte) 0x8a, 0x03, 0x20});
        try {
            assertEquals(new TelephoneEvent(5, true, 10, 800), TelephoneEvent.parse(buf, 0, 4));
        } finally {
            buf.release();
        }
    }

    @Test
    void reservedBitIsIgnored() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x0b, (byte) 0x4a, (byte) 0xff, (byte) 0xff});
        try {
            assertEquals(new TelephoneEvent(11, false, 10, 65535), TelephoneEvent.parse(buf, 0, 4));
        } finally {
            buf.release();
        }
    }

    @Test
    void writesTheRfc4733Layout() {
        ByteBuf buf = Unpooled.buffer();
        try {
            assertEquals(4, new TelephoneEvent(16, true, 63, 0x1234).write(buf));
            assertEquals("10bf1234", ByteBufUtil.hexDump(buf));
            assertEquals(new TelephoneEvent(16, true, 63, 0x1234), TelephoneEvent.parse(buf, 0, 4));
        } finally {
            buf.release();
        }
    }

    @Test
    void shortPayloadDoesNotParse() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4});
        try {
            assertNull(TelephoneEvent.parse(buf, 0, 3));
            assertNull(TelephoneEvent.parse(buf, 1, 4));
        } finally {
            buf.release();
        }
    }

    @Test
    void outOfRangeFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TelephoneEvent(256, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TelephoneEvent(0, false, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new TelephoneEvent(0, false, 0, 65536));
        assertThrows(IllegalArgumentException.class, () -> new TelephoneEvent(-1, false, 0, 0));
    }
}
