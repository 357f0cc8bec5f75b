package io.trunkline.bench.buffers;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one per-frame buffer (allocate, fill, release) with each of Netty's pooling allocators, at the sizes
 * the media path uses: an RTP packet (172 B), a Twilio {@code media} message (about 400 B) and a Vapi PCM16 frame
 * (640 B).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocatorBenchmark {

    @Param({"adaptive", "pooled"})
    public String allocator;

    @Param({"172", "400", "640"})
    public int size;

    private ByteBufAllocator alloc;
    private final byte[] payload = new byte[640];

    @Setup
    public void setUp() {
        alloc = "pooled".equals(allocator) ? PooledByteBufAllocator.DEFAULT : new AdaptiveByteBufAllocator();
    }

    @Benchmark
    public int directFrame() {
        ByteBuf buf = alloc.directBuffer(size);
        buf.writeBytes(payload, 0, size);
        int written = buf.readableBytes();
        buf.release();
        return written;
    }
}
