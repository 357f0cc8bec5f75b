package io.trunkline.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpParserTest {

    private final RtpHeader header = new RtpHeader();

    /** Runs the parser on a packet given as hex, releasing the buffer afterwards. */
    private RtpParseError parseHex(String hex) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex));
        try {
            return RtpParser.parse(buf, header);
        } finally {
            buf.release();
        }
    }

    static byte[] bytes(String hex) {
        String clean = hex.replace(" ", "");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void parsesPlainPcmuPacket() {
        // V=2, M=1, PT=0, seq=0xfffe, ts=0xfffffff0, ssrc=0xdeadbeef, 3 payload bytes
        assertEquals(RtpParseError.NONE, parseHex("80 80 fffe fffffff0 deadbeef 010203"));
        assertEquals(2, header.version());
        assertTrue(header.marker());
        assertEquals(0, header.payloadType());
        assertEquals(0xfffe, header.sequenceNumber());
        assertEquals(0xfffffff0L, header.timestamp());
        assertEquals(0xdeadbeefL, header.ssrc());
        assertEquals(0, header.csrcCount());
        assertFalse(header.extension());
        assertFalse(header.padding());
        assertEquals(12, header.payloadOffset());
        assertEquals(3, header.payloadLength());
        assertEquals(0, header.paddingLength());
        assertEquals(-1, header.extensionOffset());
    }

    @Test
    void headerOnlyPacketHasEmptyPayload() {
        assertEquals(RtpParseError.NONE, parseHex("80 65 0001 00000000 00000001"));
        assertEquals(101, header.payloadType());
        assertFalse(header.marker());
        assertEquals(0, header.payloadLength());
    }

    @Test
    void parsesCsrcsExtensionAndPadding() {
        // V=2 P=1 X=1 CC=2; two CSRCs; extension profile 0xbede with 1 word; 2 payload bytes; 3 bytes of padding
        String hex = "b2 08 0010 00000100 00000200"
                + " 11111111 ffffffff"
                + " bede 0001 aabbccdd"
                + " 5566"
                + " 0000 03";
        assertEquals(RtpParseError.NONE, parseHex(hex));
        assertEquals(2, header.csrcCount());
        assertEquals(0x11111111L, header.csrc(0));
        assertEquals(0xffffffffL, header.csrc(1));
        assertTrue(header.extension());
        assertEquals(0xbede, header.extensionProfile());
        assertEquals(12 + 8 + 4, header.extensionOffset());
        assertEquals(4, header.extensionLength());
        assertTrue(header.padding());
        assertEquals(3, header.paddingLength());
        assertEquals(12 + 8 + 8, header.payloadOffset());
        assertEquals(2, header.payloadLength());
        assertThrows(IndexOutOfBoundsException.class, () -> header.csrc(2));
    }

    @Test
    void offsetsAreAbsoluteAndReaderIndexIsNotMoved() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(bytes("cafe")); // something before the packet
            buf.writeBytes(bytes("80 00 0001 00000002 00000003 7f7e"));
            buf.readerIndex(2);
            assertEquals(RtpParseError.NONE, RtpParser.parse(buf, header));
            assertEquals(2, buf.readerIndex());
            assertEquals(14, header.payloadOffset());
            assertEquals(0x7f, buf.getUnsignedByte(header.payloadOffset()));
            assertEquals(2, header.payloadLength());
        } finally {
            buf.release();
        }
    }

    @Test
    void emptyAndShortPacketsAreTooShort() {
        assertEquals(RtpParseError.TOO_SHORT, parseHex(""));
        assertEquals(RtpParseError.TOO_SHORT, parseHex("80 00 0001 00000002 000000")); // 11 bytes
    }

    @Test
    void versionOtherThanTwoIsRejected() {
        assertEquals(RtpParseError.BAD_VERSION, parseHex("40 00 0001 00000002 00000003"));
        assertEquals(RtpParseError.BAD_VERSION, parseHex("00 00 0001 00000002 00000003"));
        assertEquals(RtpParseError.BAD_VERSION, parseHex("c0 00 0001 00000002 00000003"));
    }

    @Test
    void csrcCountBeyondLengthIsRejected() {
        assertEquals(RtpParseError.CSRC_BEYOND_LENGTH, parseHex("81 00 0001 00000002 00000003"));
        assertEquals(RtpParseError.CSRC_BEYOND_LENGTH, parseHex("82 00 0001 00000002 00000003 11111111 2222"));
        assertEquals(RtpParseError.NONE, parseHex("81 00 0001 00000002 00000003 11111111"));
    }

    @Test
    void extensionBeyondLengthIsRejected() {
        // the 4-byte preamble itself is cut
        assertEquals(RtpParseError.EXTENSION_BEYOND_LENGTH, parseHex("90 00 0001 00000002 00000003 bede"));
        // two words announced, one present
        assertEquals(RtpParseError.EXTENSION_BEYOND_LENGTH,
                parseHex("90 00 0001 00000002 00000003 bede 0002 aabbccdd"));
        assertEquals(RtpParseError.NONE, parseHex("90 00 0001 00000002 00000003 bede 0000"));
        assertEquals(0, header.extensionLength());
    }

    @Test
    void paddingCountOfZeroIsRejected() {
        assertEquals(RtpParseError.BAD_PADDING, parseHex("a0 00 0001 00000002 00000003 0102 00"));
    }

    @Test
    void paddingBeyondLengthIsRejected() {
        // 3 bytes after the header, padding claims 4
        assertEquals(RtpParseError.BAD_PADDING, parseHex("a0 00 0001 00000002 00000003 0000 04"));
        // padding may not reach back into the extension
        assertEquals(RtpParseError.BAD_PADDING, parseHex("b0 00 0001 00000002 00000003 bede 0001 00000005"));
    }

    @Test
    void paddingThatFillsTheWholeBodyLeavesAnEmptyPayload() {
        assertEquals(RtpParseError.NONE, parseHex("a0 00 0001 00000002 00000003 000003"));
        assertEquals(0, header.payloadLength());
        assertEquals(3, header.paddingLength());
    }
}
