package io.trunkline.bench.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParseError;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.packet.RtpWriter;
import io.trunkline.rtp.stats.PacketOrder;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-packet cost of the inbound RTP front end: header parse plus RFC 3550 receive statistics, on a 172-byte PCMU
 * packet (12-byte header + 160 bytes of 20 ms μ-law) whose sequence number and timestamp advance every invocation,
 * with a small arrival-time wobble so the jitter estimator does real work. Budget: 1 µs per packet.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar 'bench.rtp' -f 1 -wi 3 -i 5 -w 1s -r 1s} (add {@code -prof gc}
 * to see that nothing is allocated per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpReceiveBenchmark {

    private static final long SSRC = 0x1234_5678L;
    private static final int PAYLOAD_BYTES = 160;
    private static final long FRAME_NANOS = 20_000_000L;

    private final RtpHeader header = new RtpHeader();
    private ByteBuf packet;
    private ReceiveStatistics stats;
    private int sequence;
    private long timestamp;
    private long arrivalNanos;

    @Setup
    public void setUp() {
        byte[] payload = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (0xff - (i & 0x0f)); // near-silence μ-law
        }
        packet = PooledByteBufAllocator.DEFAULT.directBuffer(RtpParser.FIXED_HEADER_BYTES + PAYLOAD_BYTES);
        RtpWriter.write(packet, false, 0, 0, 0, SSRC, payload, 0, PAYLOAD_BYTES);
        stats = new ReceiveStatistics(8000);
    }

    @TearDown
    public void tearDown() {
        packet.release();
    }

    /** Advances the packet in place as the next one of the stream would arrive. */
    private void nextPacket() {
        sequence = (sequence + 1) & 0xffff;
        timestamp = (timestamp + 160) & 0xffff_ffffL;
        arrivalNanos += FRAME_NANOS + (sequence % 7) * 150_000L - 450_000L;
        packet.setShort(2, sequence);
        packet.setInt(4, (int) timestamp);
    }

    @Benchmark
    public PacketOrder parseAndAccount() {
        nextPacket();
        if (RtpParser.parse(packet, header) != RtpParseError.NONE) {
            throw new IllegalStateException("benchmark packet did not parse");
        }
        return stats.onPacket(header.ssrc(), header.sequenceNumber(), header.timestamp(), arrivalNanos,
                header.payloadLength());
    }

    @Benchmark
    public int parseOnly() {
        nextPacket();
        RtpParser.parse(packet, header);
        return header.payloadOffset() + header.sequenceNumber();
    }

    @Benchmark
    public PacketOrder statisticsOnly() {
        nextPacket();
        return stats.onPacket(SSRC, sequence, timestamp, arrivalNanos, PAYLOAD_BYTES);
    }
}
