package io.trunkline.rtp.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.LegMetrics;
import io.trunkline.rtp.testing.RecordingLegObserver;
import org.junit.jupiter.api.Test;

class DatagramHandlerTest {

    @Test
    void channelErrorsAreReportedAndNeverCloseTheChannel() {
        RecordingLegObserver observer = new RecordingLegObserver();
        DatagramHandler handler = new DatagramHandler("c1", (d, s, t) -> { });
        handler.probe(new LegMetrics(observer, new GatewayLatencies(observer), System::nanoTime));
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.pipeline().fireExceptionCaught(new java.io.IOException("write failed"));
        channel.pipeline().fireExceptionCaught(new java.io.IOException("read failed"));
        assertEquals(2, observer.channelErrors.get());
        assertTrue(channel.isOpen());
        assertFalse(channel.finish());
    }
}
