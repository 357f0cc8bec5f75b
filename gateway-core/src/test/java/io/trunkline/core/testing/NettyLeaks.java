package io.trunkline.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/** Forces Netty to look for leaked buffers and collects what it found. Only loaded when Netty is present. */
final class NettyLeaks {
    private NettyLeaks() {
    }

    static List<String> collect() {
        // Leaks are detected when a tracked object is collected and reported on the next allocation.
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            for (int i = 0; i < 8; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                a.release();
                b.release();
            }
        }
        List<String> found = new ArrayList<>(FailingLeakDetector.LEAKS);
        FailingLeakDetector.LEAKS.clear();
        return found;
    }
}
