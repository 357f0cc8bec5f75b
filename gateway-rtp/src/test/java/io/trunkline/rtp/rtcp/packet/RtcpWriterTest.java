package io.trunkline.rtp.rtcp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {

    private static final ReportBlock BLOCK =
            new ReportBlock(0xcafebabeL, 255, ReportBlock.MIN_CUMULATIVE_LOST, 0xffffffffL, 1234, 0x12345678L, 65536);

    private static <T> T withBuffer(Function<ByteBuf, T> body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            return body.apply(buf);
        } finally {
            buf.release();
        }
    }

    private static RtcpParseResult roundTrip(RtcpPacket packet) {
        return withBuffer(buf -> {
            int written = RtcpWriter.write(buf, packet);
            assertEquals(buf.readableBytes(), written);
            assertEquals(0, written % 4);
            assertEquals(written / 4 - 1, buf.getUnsignedShort(2), "length field");
            return RtcpParser.parse(buf);
        });
    }

    @Test
    void senderReportRoundTrips() {
        SenderReport sr = new SenderReport(1, NtpTime.fromMillis(1_700_000_000_123L), 0xfffffff0L, 50, 8000,
                List.of(BLOCK, new ReportBlock(2, 0, ReportBlock.MAX_CUMULATIVE_LOST, 3, 4, 5, 6)));
        RtcpParseResult result = roundTrip(sr);
        assertTrue(result.ok());
        assertEquals(List.of(sr), result.packets());
    }

    @Test
    void receiverReportRoundTrips() {
        ReceiverReport rr = new ReceiverReport(0xffffffffL, List.of(BLOCK));
        assertEquals(List.of(rr), roundTrip(rr).packets());
        ReceiverReport empty = new ReceiverReport(7, List.of());
        assertEquals(List.of(empty), roundTrip(empty).packets());
    }

    @Test
    void sdesChunksArePaddedToWordBoundariesForEveryLength() {
        for (int length = 0; length <= 9; length++) {
            String cname = "x".repeat(length);
            SourceDescription sdes = new SourceDescription(List.of(SdesChunk.cname(9, cname),
                    new SdesChunk(10, List.of(new SdesItem(SdesItem.NAME, "é" + cname)))));
            RtcpParseResult result = roundTrip(sdes);
            assertTrue(result.ok(), "cname length " + length);
            assertEquals(List.of(sdes), result.packets());
        }
    }

    @Test
    void byeRoundTripsWithAndWithoutReason() {
        for (String reason : List.of("", "a", "ab", "abc", "abcd", "call ended")) {
            Bye bye = new Bye(List.of(1L, 0xffffffffL), reason);
            assertEquals(List.of(bye), roundTrip(bye).packets(), reason);
        }
        assertEquals("", new Bye(List.of(), null).reason());
    }

    @Test
    void compoundPacketIsReportThenCnameThenBye() {
        ReceiverReport rr = new ReceiverReport(0x1234, List.of(BLOCK));
        Bye bye = new Bye(List.of(0x1234L), "hangup");
        RtcpParseResult result = withBuffer(buf -> {
            int written = RtcpWriter.writeCompound(buf, rr, "gw@trunkline", bye);
            assertEquals(buf.readableBytes(), written);
            return RtcpParser.parse(buf);
        });
        assertTrue(result.ok());
        assertEquals(List.of(rr, new SourceDescription(List.of(SdesChunk.cname(0x1234, "gw@trunkline"))), bye),
                result.packets());
    }

    @Test
    void compoundSenderReportWithoutBye() {
        SenderReport sr = new SenderReport(5, 0, 0, 0, 0, List.of());
        String hex = withBuffer(buf -> {
            RtcpWriter.writeCompound(buf, sr, "ab", null);
            return ByteBufUtil.hexDump(buf);
        });
        // SR header: V=2 RC=0 PT=200, 6 words; SDES: SC=1 PT=202, 3 words, CNAME "ab" + 4 null octets
        assertEquals("80c80006" + "00000005" + "0".repeat(40) + "81ca0003" + "00000005" + "01026162" + "00000000", hex);
    }

    @Test
    void invalidInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> withBuffer(buf -> RtcpWriter.writeCompound(buf, new Bye(List.of(), ""), "x", null)));
        assertThrows(IllegalArgumentException.class,
                () -> withBuffer(buf -> RtcpWriter.writeBye(buf, new Bye(List.of(), "x".repeat(256)))));
        assertThrows(IllegalArgumentException.class, () -> new ReportBlock(1, 256, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReportBlock(1, 0, 0x800000, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReportBlock(1L << 32, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReceiverReport(1, java.util.Collections.nCopies(32, BLOCK)));
        assertEquals(ReportBlock.MAX_CUMULATIVE_LOST, ReportBlock.clampCumulativeLost(1L << 40));
        assertEquals(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.clampCumulativeLost(-(1L << 40)));
    }
}
