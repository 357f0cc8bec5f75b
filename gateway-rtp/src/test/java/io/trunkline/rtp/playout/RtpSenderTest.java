package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.testing.RecordingListener;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RtpSenderTest {

    private static final InetSocketAddress CARRIER = new InetSocketAddress("127.0.0.1", 40000);

    private final RecordingListener drops = new RecordingListener();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RtpSender sender = new RtpSender(channel, 0, 0x1234L, () -> CARRIER, drops);

    @Test
    void aPacketTheChannelCannotTakeIsDroppedAndCountedOnce() {
        assertTrue(sender.send(false, 1, 160, new byte[160], 160));
        DatagramPacket written = channel.readOutbound();
        assertEquals(CARRIER, written.recipient());
        written.release();
        assertEquals(0, drops.drops(DropReason.NOT_WRITTEN));

        channel.close();
        assertFalse(sender.send(false, 2, 320, new byte[160], 160));
        assertFalse(sender.send(false, 3, 480, new byte[160], 160));
        assertEquals(2, drops.drops(DropReason.NOT_WRITTEN));
        assertEquals(1, drops.drops.size());
        assertFalse(channel.finish());
    }

    @Test
    void aWholePacketGoesOutAsBuiltAndIsDroppedLikeAudioWhenTheChannelIsGone() {
        byte[] event = new byte[20];
        for (int i = 0; i < event.length; i++) {
            event[i] = (byte) (i + 1);
        }
        assertTrue(sender.sendPacket(event, 16));
        DatagramPacket written = channel.readOutbound();
        assertEquals(CARRIER, written.recipient());
        assertEquals(16, written.content().readableBytes(), "only the length given");
        byte[] out = new byte[16];
        written.content().getBytes(0, out);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(event, 16)), java.util.Arrays.toString(out));
        written.release();

        channel.close();
        assertFalse(sender.sendPacket(event, 16));
        assertEquals(1, drops.drops(DropReason.NOT_WRITTEN));
        assertFalse(channel.finish());
    }
}
