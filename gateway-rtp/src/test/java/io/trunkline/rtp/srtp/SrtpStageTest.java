package io.trunkline.rtp.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.media.SrtpKeys;
import io.trunkline.core.media.SrtpSuite;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.testing.RecordingListener;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SRTP stage in a channel pipeline: decrypts before the handlers behind it, protects writes, counts drops. */
class SrtpStageTest {
    private static final InetSocketAddress CARRIER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 20000);
    private static final long SSRC = 0x1234_5678L;

    private final byte[] carrierKey = SrtpTransformTest.masterKeySalt(11);
    private final byte[] ourKey = SrtpTransformTest.masterKeySalt(12);
    private final RecordingListener drops = new RecordingListener();
    private final EmbeddedChannel rtp = new EmbeddedChannel();
    private final EmbeddedChannel rtcp = new EmbeddedChannel();
    private final SrtpStage stage = new SrtpStage("c1", rtp, rtcp, drops, System::nanoTime);

    private SrtpKeys keys(byte[] carrier, byte[] ours) {
        return new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, 1, carrier, ours);
    }

    @AfterEach
    void finish() {
        assertFalse(rtp.finishAndReleaseAll());
        assertFalse(rtcp.finishAndReleaseAll());
    }

    private static DatagramPacket datagram(byte[] bytes) {
        return new DatagramPacket(Unpooled.copiedBuffer(bytes), US, CARRIER);
    }

    private static byte[] read(DatagramPacket p) {
        try {
            return ByteBufUtil.getBytes(p.content());
        } finally {
            p.release();
        }
    }

    @Test
    void carrierPacketsAreDecryptedBeforeTheHandlersBehindAndForgeriesCounted() throws Exception {
        stage.keys(keys(carrierKey, ourKey));
        assertTrue(stage.active());
        byte[] plain = SrtpTransformTest.rtp(5, SSRC, 160);
        rtp.writeInbound(datagram(Rfc3711Reference.protectRtp(carrierKey, plain, 0, 10)));
        assertArrayEquals(plain, read(rtp.readInbound()));

        byte[] forged = Rfc3711Reference.protectRtp(ourKey, SrtpTransformTest.rtp(6, SSRC, 160), 0, 10);
        rtp.writeInbound(datagram(forged));
        rtp.writeInbound(datagram(Rfc3711Reference.protectRtp(carrierKey, plain, 0, 10))); // replay
        assertNull(rtp.readInbound());
        assertEquals(1, drops.drops(DropReason.SRTP_AUTH));
        assertEquals(1, drops.drops(DropReason.SRTP_REPLAY));
        assertTrue(rtp.isActive(), "drops never close the channel");
    }

    @Test
    void writesGoOutProtectedAsTheReferenceWouldProtectThem() throws Exception {
        stage.keys(keys(carrierKey, ourKey));
        byte[] plain = SrtpTransformTest.rtp(100, SSRC, 160);
        rtp.writeOutbound(new DatagramPacket(Unpooled.copiedBuffer(plain), CARRIER));
        assertArrayEquals(Rfc3711Reference.protectRtp(ourKey, plain, 0, 10), read(rtp.readOutbound()));
        byte[] report = SrtpTransformTest.rtcpReceiverReport(SSRC);
        rtcp.writeOutbound(new DatagramPacket(Unpooled.copiedBuffer(report), CARRIER));
        assertArrayEquals(Rfc3711Reference.protectRtcp(ourKey, report, 0), read(rtcp.readOutbound()));
    }

    @Test
    void srtcpFromTheCarrierIsDecrypted() throws Exception {
        stage.keys(keys(carrierKey, ourKey));
        byte[] report = SrtpTransformTest.rtcpReceiverReport(SSRC);
        rtcp.writeInbound(datagram(Rfc3711Reference.protectRtcp(carrierKey, report, 3)));
        assertArrayEquals(report, read(rtcp.readInbound()));
        ByteBuf tampered = Unpooled.copiedBuffer(Rfc3711Reference.protectRtcp(carrierKey, report, 4));
        tampered.setByte(9, tampered.getByte(9) ^ 1);
        rtcp.writeInbound(new DatagramPacket(tampered, US, CARRIER));
        assertNull(rtcp.readInbound());
        assertEquals(1, drops.drops(DropReason.SRTCP_AUTH));
    }

    @Test
    void aReofferThatKeepsTheCarriersKeyKeepsItsStreamAndANewKeyIsTakenAtOnce() throws Exception {
        stage.keys(keys(carrierKey, ourKey));
        rtp.writeInbound(datagram(Rfc3711Reference.protectRtp(carrierKey, SrtpTransformTest.rtp(9, SSRC, 20), 0, 10)));
        read(rtp.readInbound());
        stage.keys(keys(carrierKey, ourKey));
        rtp.writeInbound(datagram(Rfc3711Reference.protectRtp(carrierKey, SrtpTransformTest.rtp(9, SSRC, 20), 0, 10)));
        assertNull(rtp.readInbound(), "same key: same replay window");
        byte[] newKey = SrtpTransformTest.masterKeySalt(13);
        stage.keys(keys(newKey, ourKey));
        byte[] plain = SrtpTransformTest.rtp(1, SSRC, 20);
        rtp.writeInbound(datagram(Rfc3711Reference.protectRtp(newKey, plain, 0, 10)));
        assertArrayEquals(plain, read(rtp.readInbound()));
    }

    @Test
    void withoutKeysEverythingPassesAndOnceClosedNothingDoes() throws Exception {
        stage.keys(null);
        assertFalse(stage.active());
        assertNull(rtp.pipeline().get(SrtpStage.HANDLER), "plain legs get no stage");
        stage.keys(keys(carrierKey, ourKey));
        stage.close();
        rtp.writeOutbound(new DatagramPacket(Unpooled.copiedBuffer(SrtpTransformTest.rtp(1, SSRC, 20)), CARRIER));
        assertNull(rtp.readOutbound(), "nothing leaves in clear after close");
        rtp.writeInbound(datagram(SrtpTransformTest.rtp(1, SSRC, 20)));
        assertNull(rtp.readInbound());
    }
}
