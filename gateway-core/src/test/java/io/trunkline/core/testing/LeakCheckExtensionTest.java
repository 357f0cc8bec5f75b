package io.trunkline.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
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
        var leaks = NettyLeaks.collect();
        assertFalse(leaks.isEmpty(), "leak not detected");
        assertTrue(leaks.get(0).contains("ByteBuf"), leaks.get(0));
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        leaked.writeInt(42);
    }
}
