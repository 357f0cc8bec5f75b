package io.trunkline.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class RtpWriterTest {

    private final RtpHeader header = new RtpHeader();

    @Test
    void plainPacketHasTheRfc3550Layout() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int written = RtpWriter.write(buf, true, 0, 0x1234, 0x89abcdefL, 0xfedcba98L, new byte[] {9, 1, 2, 3}, 1, 2);
            assertEquals(14, written);
            assertEquals("80801234" + "89abcdef" + "fedcba98" + "0102", ByteBufUtil.hexDump(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void plainPacketRoundTrips() {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            assertEquals(172, RtpWriter.write(buf, false, 8, 65535, 0xffffffffL, 1L, payload, 0, 160));
            assertEquals(RtpParseError.NONE, RtpParser.parse(buf, header));
            assertFalse(header.marker());
            assertEquals(8, header.payloadType());
            assertEquals(65535, header.sequenceNumber());
            assertEquals(0xffffffffL, header.timestamp());
            assertEquals(1L, header.ssrc());
            assertEquals(160, header.payloadLength());
            assertArrayEquals(payload, ByteBufUtil.getBytes(buf, header.payloadOffset(), header.payloadLength()));
        } finally {
            buf.release();
        }
    }

    @Test
    void fullHeaderRoundTrips() {
        byte[] extension = {1, 2, 3, 4, 5, 6, 7, 8};
        RtpHeaderSpec spec = RtpHeaderSpec.builder()
                .marker(true).payloadType(101).sequence(7).timestamp(160).ssrc(0x80000000L)
                .csrcs(1, 0xffffffffL, 3)
                .extension(0x1000, extension)
                .paddingLength(5)
                .build();
        byte[] payload = {10, 20, 30};
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int written = RtpWriter.write(buf, spec, payload, 0, 3);
            assertEquals(12 + 12 + 4 + 8 + 3 + 5, written);
            assertEquals(written, buf.readableBytes());
            assertEquals(RtpParseError.NONE, RtpParser.parse(buf, header));
            assertTrue(header.marker());
            assertEquals(101, header.payloadType());
            assertEquals(7, header.sequenceNumber());
            assertEquals(160, header.timestamp());
            assertEquals(0x80000000L, header.ssrc());
            assertEquals(3, header.csrcCount());
            assertEquals(0xffffffffL, header.csrc(1));
            assertEquals(0x1000, header.extensionProfile());
            assertArrayEquals(extension, ByteBufUtil.getBytes(buf, header.extensionOffset(), header.extensionLength()));
            assertEquals(5, header.paddingLength());
            assertArrayEquals(payload, ByteBufUtil.getBytes(buf, header.payloadOffset(), header.payloadLength()));
        } finally {
            buf.release();
        }
    }

    @Test
    void specKeepsItsOwnCopies() {
        byte[] extension = new byte[4];
        RtpHeaderSpec spec = RtpHeaderSpec.builder().extension(1, extension).build();
        extension[0] = 42;
        assertEquals(0, spec.extensionData()[0]);
        assertFalse(RtpHeaderSpec.builder().build().hasExtension());
    }

    @Test
    void invalidArgumentsAreRefused() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            byte[] none = new byte[0];
            assertThrows(IllegalArgumentException.class, () -> RtpWriter.write(buf, false, 128, 0, 0, 0, none, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> RtpWriter.write(buf, false, 0, 65536, 0, 0, none, 0, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> RtpWriter.write(buf, false, 0, 0, 1L << 32, 0, none, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> RtpWriter.write(buf, false, 0, 0, 0, -1, none, 0, 0));
            assertEquals(0, buf.writerIndex());
        } finally {
            buf.release();
        }
        assertThrows(IllegalArgumentException.class, () -> RtpHeaderSpec.builder().csrcs(new long[16]));
        assertThrows(IllegalArgumentException.class, () -> RtpHeaderSpec.builder().extension(1, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> RtpHeaderSpec.builder().paddingLength(256));
    }
}
