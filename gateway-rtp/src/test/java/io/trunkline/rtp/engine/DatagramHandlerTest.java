package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class DatagramHandlerTest {

    @Test
    void channelErrorsAreReportedAndNeverCloseTheChannel() {
        RecordingLegObserver observer = new RecordingLegObserver();
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramHandler("c1", (d, s, t) -> { }, observer));
        channel.pipeline().fireExceptionCaught(new java.io.IOException("write failed"));
        channel.pipeline().fireExceptionCaught(new java.io.IOException("read failed"));
        assertEquals(2, observer.channelErrors.get());
        assertTrue(channel.isOpen());
        assertFalse(channel.finish());
    }
}
