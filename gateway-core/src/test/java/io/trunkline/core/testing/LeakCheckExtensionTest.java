package io.trunkline.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakCheckExtensionTest {

    @Test
    void testJvmRunsParanoidLeakDetectionWithTheFailingDetector() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
        assertEquals(FailingLeakDetector.class.getName(), System.getProperty("io.netty.customResourceLeakDetector"));
    }

    @Test
    void aDroppedBufferIsReportedAsALeak() {
        leakOneBuffer();
        // Detection needs the collector to have queued the buffer's reference, which a busy machine may delay.
        List<String> leaks = new ArrayList<>();
        Await.until(Duration.ofSeconds(20), "the leak to be reported", () -> {
            leaks.addAll(NettyLeaks.collect());
            return !leaks.isEmpty();
        });
        assertTrue(leaks.get(0).contains("ByteBuf"), leaks.get(0));
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        leaked.writeInt(42);
    }
}
