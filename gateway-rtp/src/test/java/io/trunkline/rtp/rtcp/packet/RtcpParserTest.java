package io.trunkline.rtp.rtcp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpParserTest {

    private static final String SR_ONE_BLOCK = "81 c8 000c 11223344 e1234567 80000000 00000fa0 00000064 00003e80"
            + " 55667788 40 fffffe 00010005 00000020 45678000 00018000";
    private static final String SDES_CNAME_ABC = "81 ca 0003 11223344 01 03 616263 000000";
    private static final String APP = "80 cc 0002 11223344 6e616d65";
    private static final String BYE_WITH_REASON = "81 cb 0002 11223344 03 627965";

    static RtcpParseResult parseHex(String hex) {
        String clean = hex.replace(" ", "");
        byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            int readerIndex = buf.readerIndex();
            RtcpParseResult result = RtcpParser.parse(buf);
            assertEquals(readerIndex, buf.readerIndex());
            return result;
        } finally {
            buf.release();
        }
    }

    @Test
    void parsesCompoundSenderReportSdesAppAndBye() {
        RtcpParseResult result = parseHex(SR_ONE_BLOCK + SDES_CNAME_ABC + APP + BYE_WITH_REASON);
        assertTrue(result.ok());
        assertEquals(1, result.skipped());
        assertEquals(3, result.packets().size());

        SenderReport sr = assertInstanceOf(SenderReport.class, result.packets().get(0));
        assertEquals(0x11223344L, sr.ssrc());
        assertEquals(0xe123456780000000L, sr.ntpTimestamp());
        assertEquals(4000, sr.rtpTimestamp());
        assertEquals(100, sr.packetCount());
        assertEquals(16000, sr.octetCount());
        assertEquals(1, sr.blocks().size());
        ReportBlock block = sr.blocks().get(0);
        assertEquals(0x55667788L, block.ssrc());
        assertEquals(0x40, block.fractionLost());
        assertEquals(0.25, block.fractionLostRatio());
        assertEquals(-2, block.cumulativeLost());
        assertEquals(0x10005L, block.extendedHighestSequence());
        assertEquals(32, block.jitter());
        assertEquals(0x45678000L, block.lastSr());
        assertEquals(0x18000L, block.delaySinceLastSr());

        SourceDescription sdes = assertInstanceOf(SourceDescription.class, result.packets().get(1));
        assertEquals(1, sdes.chunks().size());
        assertEquals(0x11223344L, sdes.chunks().get(0).ssrc());
        assertEquals("abc", sdes.chunks().get(0).cname().orElseThrow());

        Bye bye = assertInstanceOf(Bye.class, result.packets().get(2));
        assertEquals(List.of(0x11223344L), bye.ssrcs());
        assertEquals("bye", bye.reason());
    }

    @Test
    void parsesReceiverReportWithoutBlocksAndByeWithoutReason() {
        RtcpParseResult result = parseHex("80 c9 0001 0000abcd" + "82 cb 0002 00000001 00000002");
        assertTrue(result.ok());
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, result.packets().get(0));
        assertEquals(0xabcdL, rr.ssrc());
        assertTrue(rr.blocks().isEmpty());
        Bye bye = assertInstanceOf(Bye.class, result.packets().get(1));
        assertEquals(List.of(1L, 2L), bye.ssrcs());
        assertEquals("", bye.reason());
    }

    @Test
    void parsesSdesWithSeveralItemsAndChunks() {
        // chunk 1: CNAME "a" + TOOL "xy" = 3 + 4 = 7 bytes of items, 1 null; chunk 2: no items, 4 nulls
        RtcpParseResult result = parseHex("82 ca 0005 00000001 01 01 61 06 02 7879 00 00000002 00000000");
        assertTrue(result.ok(), result.error().name());
        SourceDescription sdes = (SourceDescription) result.packets().get(0);
        assertEquals(2, sdes.chunks().size());
        SdesChunk first = sdes.chunks().get(0);
        assertEquals(List.of(new SdesItem(SdesItem.CNAME, "a"), new SdesItem(SdesItem.TOOL, "xy")), first.items());
        assertEquals(2L, sdes.chunks().get(1).ssrc());
        assertTrue(sdes.chunks().get(1).items().isEmpty());
        assertTrue(sdes.chunks().get(1).cname().isEmpty());
    }

    @Test
    void skipsUnknownAndFeedbackPacketsByLength() {
        // RTPFB (205) generic NACK, then RR
        RtcpParseResult result = parseHex("81 cd 0003 00000001 00000002 00050000" + "80 c9 0001 00000009");
        assertTrue(result.ok());
        assertEquals(1, result.skipped());
        assertEquals(1, result.packets().size());
        assertEquals(9L, ((ReceiverReport) result.packets().get(0)).ssrc());
    }

    @Test
    void acceptsPaddingOnTheLastPacket() {
        // RR with 4 bytes of padding (length counts them)
        RtcpParseResult result = parseHex("a0 c9 0002 00000009 00000004");
        assertTrue(result.ok(), result.error().name());
        assertEquals(9L, ((ReceiverReport) result.packets().get(0)).ssrc());
    }

    @Test
    void malformedDatagramsAreReportedNotThrown() {
        assertError(RtcpParseError.TOO_SHORT, "");
        assertError(RtcpParseError.TOO_SHORT, "80 c9 00");
        assertError(RtcpParseError.TOO_SHORT, "80 c9 0001 00000009" + "80 c9");
        assertError(RtcpParseError.BAD_VERSION, "40 c9 0001 00000009");
        assertError(RtcpParseError.BAD_VERSION, "80 c9 0001 00000009" + "c0 c9 0001 00000009");
        assertError(RtcpParseError.BAD_LENGTH, "80 c9 0002 00000009");
        assertError(RtcpParseError.BAD_LENGTH, "80 c9 ffff 00000009");
        // padding on a packet that is not the last
        assertError(RtcpParseError.BAD_PADDING, "a0 c9 0002 00000009 00000004" + "80 c9 0001 00000009");
        assertError(RtcpParseError.BAD_PADDING, "a0 c9 0002 00000009 00000000");
        assertError(RtcpParseError.BAD_PADDING, "a0 c9 0002 00000009 00000009");
        // RR announcing one block with none present; SR body shorter than its fixed part
        assertError(RtcpParseError.COUNT_BEYOND_LENGTH, "81 c9 0001 00000009");
        assertError(RtcpParseError.COUNT_BEYOND_LENGTH, "80 c8 0001 00000009");
        // SDES announcing two chunks, holding one
        assertError(RtcpParseError.COUNT_BEYOND_LENGTH, "82 ca 0002 00000001 00000000");
        // SDES item of 9 bytes in a packet with 4 left
        assertError(RtcpParseError.BAD_SDES_ITEM, "81 ca 0002 00000001 01 09 6162");
        // BYE with two SSRCs announced, one present; reason longer than the packet
        assertError(RtcpParseError.COUNT_BEYOND_LENGTH, "82 cb 0001 00000001");
        assertError(RtcpParseError.BAD_BYE_REASON, "81 cb 0002 00000001 08 616263");
    }

    @Test
    void anErrorAnywhereRejectsTheWholeDatagram() {
        RtcpParseResult result = parseHex(SR_ONE_BLOCK + "81 ca 0002 00000001 01 09 6162");
        assertFalse(result.ok());
        assertTrue(result.packets().isEmpty());
    }

    private static void assertError(RtcpParseError expected, String hex) {
        RtcpParseResult result = parseHex(hex);
        assertEquals(expected, result.error(), hex);
        assertTrue(result.packets().isEmpty());
    }
}
