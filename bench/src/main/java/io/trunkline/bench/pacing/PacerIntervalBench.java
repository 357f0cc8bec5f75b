package io.trunkline.bench.pacing;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.trunkline.bench.DropCountingListener;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.rtp.engine.RtpEngine;
import io.trunkline.rtp.engine.UdpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the pacer where it matters, at the receiver: N media legs send silence to one loopback socket for a
 * fixed time; the receiver time-stamps every packet and reports the error of each stream's inter-packet interval
 * against 20 ms (p50, p99, max), plus packets missing, after one second of warm-up.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.trunkline.bench.pacing.PacerIntervalBench [calls] [seconds]</pre>
 */
public final class PacerIntervalBench {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        UdpTransport transport = UdpTransport.preferred();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, transport.ioHandlerFactory());
        RtpConfig config = new RtpConfig("127.0.0.1", null, 40000, 40000 + 2 * calls + 1, false,
                Duration.ofMinutes(10), 60_000, 2);
        RtpEngine engine = new RtpEngine(config, transport);

        try (DatagramChannel receiver = DatagramChannel.open()) {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress target = (InetSocketAddress) receiver.getLocalAddress();
            MediaOffer offer = new MediaOffer(target, new InetSocketAddress(target.getAddress(), target.getPort() + 1),
                    AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);

            List<MediaLeg> legs = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                EventLoop loop = group.next();
                legs.add(CompletableFuture.supplyAsync(() -> open(engine, loop, offer), loop).get());
            }
            Map<Integer, long[]> arrivals = receive(receiver, calls, seconds);
            for (MediaLeg leg : legs) {
                leg.close();
            }
            report(calls, seconds, transport, arrivals);
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    private static MediaLeg open(RtpEngine engine, EventLoop loop, MediaOffer offer) {
        try {
            MediaLeg leg = engine.open("bench", new TestCallLoop(loop), offer, AudioFormat.PCMU_8K, NO_EVENTS);
            leg.start();
            return leg;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Arrival times (ns) per SSRC, index = sequence offset from the stream's first packet. */
    private static Map<Integer, long[]> receive(DatagramChannel receiver, int calls, int seconds) throws Exception {
        int perStream = seconds * 50 + 100;
        Map<Integer, long[]> arrivals = new HashMap<>();
        Map<Integer, Integer> firstSeq = new HashMap<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        receiver.configureBlocking(true);
        while (System.nanoTime() < end) {
            buf.clear();
            receiver.receive(buf);
            long now = System.nanoTime();
            int seq = buf.getShort(2) & 0xFFFF;
            int ssrc = buf.getInt(8);
            int first = firstSeq.computeIfAbsent(ssrc, s -> seq);
            long[] times = arrivals.computeIfAbsent(ssrc, s -> new long[perStream]);
            int index = (seq - first) & 0xFFFF;
            if (index < times.length) {
                times[index] = now;
            }
        }
        return arrivals;
    }

    private static void report(int calls, int seconds, UdpTransport transport, Map<Integer, long[]> arrivals) {
        List<Double> errors = new ArrayList<>();
        long lost = 0;
        long received = 0;
        for (long[] times : arrivals.values()) {
            int last = times.length - 1;
            while (last > 0 && times[last] == 0) {
                last--;
            }
            // The first second is warm-up (the receiver starts after the legs and drains a backlog).
            for (int i = WARM_UP_PACKETS + 1; i <= last; i++) {
                if (times[i] == 0) {
                    lost++;
                } else if (times[i - 1] != 0) {
                    double error = Math.abs((times[i] - times[i - 1]) / 1e6 - 20.0);
                    errors.add(error);
                    if (error > 5 && Boolean.getBoolean("pacing.verbose")) {
                        System.out.printf("packet %d: interval %.3f ms%n", i, (times[i] - times[i - 1]) / 1e6);
                    }
                }
            }
            received += last + 1;
        }
        double[] e = errors.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(e);
        System.out.printf("pacer interval error at the receiver: calls=%d seconds=%d transport=%s streams=%d "
                        + "packets=%d missing=%d p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
                calls, seconds, transport, arrivals.size(), received, lost,
                pct(e, 0.50), pct(e, 0.99), e.length == 0 ? 0 : e[e.length - 1]);
        if (NO_EVENTS.drops() > 0) {
            System.out.printf("the legs dropped %d packets (pacer skips or unwritable socket)%n", NO_EVENTS.drops());
        }
    }

    private static final int WARM_UP_PACKETS = 50;

    private static double pct(double[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** The legs' listener: only drops count (a late pacer skipping packets, a full socket buffer). */
    private static final DropCountingListener NO_EVENTS = new DropCountingListener();
}
