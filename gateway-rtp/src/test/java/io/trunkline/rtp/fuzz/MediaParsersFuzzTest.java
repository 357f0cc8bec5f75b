package io.trunkline.rtp.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParseError;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.rtcp.packet.Bye;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.RtcpPacket;
import io.trunkline.rtp.rtcp.packet.RtcpParseError;
import io.trunkline.rtp.rtcp.packet.RtcpParseResult;
import io.trunkline.rtp.rtcp.packet.RtcpParser;
import io.trunkline.rtp.rtcp.packet.SdesChunk;
import io.trunkline.rtp.rtcp.packet.SenderReport;
import io.trunkline.rtp.rtcp.packet.SourceDescription;

/**
 * Coverage-guided fuzzing of the datagram parsers the media port exposes to the network: every input is read both
 * as an RTP packet and as a compound RTCP datagram (a port receives whatever a peer sends, so both parsers must
 * survive both kinds). The contract checked is the parsers' own: a result or a typed parse error, never an
 * exception, no read outside the readable bytes, the reader index left alone, and every offset of an accepted
 * packet inside the datagram.
 *
 * <p>Without {@code JAZZER_FUZZ} set this runs the seed corpus (resources next to this class) as a regression test;
 * with it set, it fuzzes for the bounded time below. Only one fuzz test may run per JVM, hence one target for both.
 */
class MediaParsersFuzzTest {
    /** Bytes in front of the datagram, so that parsing must honour a reader index other than 0. */
    private static final int HEADROOM = 3;

    @FuzzTest(maxDuration = "25s")
    void rtpAndRtcpParsersKeepTheirContract(byte[] datagram) {
        checkRtp(datagram);
        checkRtcp(datagram);
    }

    private static void checkRtp(byte[] datagram) {
        ByteBuf buf = framed(datagram);
        RtpHeader header = new RtpHeader();
        RtpParseError error = RtpParser.parse(buf, header);
        assertNotNull(error);
        assertEquals(HEADROOM, buf.readerIndex(), "reader index moved");
        if (error != RtpParseError.NONE) {
            return;
        }
        int end = HEADROOM + datagram.length;
        assertEquals(2, header.version());
        assertTrue(header.payloadOffset() >= HEADROOM + RtpParser.FIXED_HEADER_BYTES, "payload inside the header");
        assertTrue(header.payloadLength() >= 0, "negative payload length");
        assertTrue(header.payloadOffset() + header.payloadLength() + header.paddingLength() == end,
                "payload and padding do not end the datagram");
        if (header.extension()) {
            assertTrue(header.extensionOffset() >= HEADROOM + RtpParser.FIXED_HEADER_BYTES
                    && header.extensionOffset() + header.extensionLength() <= header.payloadOffset(),
                    "extension outside the header");
        }
        for (int i = 0; i < header.csrcCount(); i++) {
            header.csrc(i);
        }
        // the payload the receive path hands on must be readable
        buf.getBytes(header.payloadOffset(), new byte[header.payloadLength()]);
    }

    private static void checkRtcp(byte[] datagram) {
        ByteBuf buf = framed(datagram);
        RtcpParseResult result = RtcpParser.parse(buf);
        assertNotNull(result);
        assertEquals(HEADROOM, buf.readerIndex(), "reader index moved");
        if (result.error() != RtcpParseError.NONE) {
            assertTrue(result.packets().isEmpty(), "packets from a rejected datagram");
            return;
        }
        assertTrue(result.packets().size() + result.skipped() > 0, "an accepted datagram with no packet");
        for (RtcpPacket packet : result.packets()) {
            if (packet instanceof SenderReport sr) {
                assertTrue(sr.blocks().size() <= 31);
            } else if (packet instanceof ReceiverReport rr) {
                assertTrue(rr.blocks().size() <= 31);
            } else if (packet instanceof SourceDescription sdes) {
                for (SdesChunk chunk : sdes.chunks()) {
                    assertNotNull(chunk.items());
                }
            } else if (packet instanceof Bye bye) {
                assertTrue(bye.reason().length() <= 255);
            }
        }
    }

    /**
     * The datagram behind {@link #HEADROOM} bytes, in a buffer exactly as large as both: a read past the datagram's
     * end throws.
     */
    private static ByteBuf framed(byte[] datagram) {
        byte[] bytes = new byte[HEADROOM + datagram.length];
        System.arraycopy(datagram, 0, bytes, HEADROOM, datagram.length);
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        buf.readerIndex(HEADROOM);
        return buf;
    }
}
