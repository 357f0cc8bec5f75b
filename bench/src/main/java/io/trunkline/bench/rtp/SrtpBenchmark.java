package io.trunkline.bench.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.media.SrtpKeys;
import io.trunkline.core.media.SrtpSuite;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.rtp.packet.RtpWriter;
import io.trunkline.rtp.srtp.SrtpStage;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of SRTP per 20 ms μ-law packet (172 bytes of RTP) in the media channel's pipeline, as the gateway pays
 * it: one packet written through a leg's SRTP stage (protect: copy in, AES-CM, HMAC-SHA1, copy back) and read
 * through another leg's stage holding the same key (check and decrypt), against the same two pipelines without
 * keys (the stage not installed). The difference is what SRTP adds per packet and direction pair.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar 'bench.rtp.SrtpBenchmark' -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SrtpBenchmark {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 20000);

    @Param({"plain", "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    public String suite;

    private final byte[] payload = new byte[160];
    private EmbeddedChannel sender;
    private EmbeddedChannel receiver;
    private EmbeddedChannel senderRtcp;
    private EmbeddedChannel receiverRtcp;
    private SrtpStage sending;
    private SrtpStage receiving;
    private int seq;

    @Setup
    public void setUp() {
        sender = new EmbeddedChannel();
        receiver = new EmbeddedChannel();
        senderRtcp = new EmbeddedChannel();
        receiverRtcp = new EmbeddedChannel();
        sending = new SrtpStage("bench-out", sender, senderRtcp, DropObserver.NONE, System::nanoTime);
        receiving = new SrtpStage("bench-in", receiver, receiverRtcp, DropObserver.NONE, System::nanoTime);
        if (!suite.equals("plain")) {
            byte[] a = new byte[SrtpSuite.MASTER_KEY_SALT_BYTES];
            byte[] b = new byte[SrtpSuite.MASTER_KEY_SALT_BYTES];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) i;
                b[i] = (byte) (100 + i);
            }
            SrtpSuite s = SrtpSuite.valueOf(suite);
            sending.keys(new SrtpKeys(s, 1, b, a));
            receiving.keys(new SrtpKeys(s, 1, a, b));
        }
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 13);
        }
    }

    /** Protect on one leg, check and decrypt on the other: one packet each way's worth of SRTP work. */
    @Benchmark
    public int protectAndUnprotect() {
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(172);
        RtpWriter.write(packet, false, 0, seq & 0xffff, 160L * seq, 0x5EED, payload, 0, payload.length);
        seq++;
        sender.writeOutbound(new DatagramPacket(packet, PEER));
        DatagramPacket wire = sender.readOutbound();
        receiver.writeInbound(new DatagramPacket(wire.content(), US, PEER));
        DatagramPacket plain = receiver.readInbound();
        int n = plain.content().readableBytes();
        plain.release();
        return n;
    }

    @TearDown
    public void tearDown() {
        sending.close();
        receiving.close();
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
        senderRtcp.finishAndReleaseAll();
        receiverRtcp.finishAndReleaseAll();
    }
}
