package io.trunkline.bench.agent;

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
import io.trunkline.rtp.codec.G711;
import io.trunkline.rtp.engine.RtpEngine;
import io.trunkline.rtp.engine.UdpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * The agent-to-caller audio path of the media engine, measured where the caller is: one {@code UdpMediaLeg} on a
 * real event loop sends paced RTP to a loopback receiver that time-stamps every packet, while the driver plays
 * agent audio into the leg the way agents deliver it. Three figures, each as p50/p99/max over many turns:
 * <ul>
 * <li>first frame: from {@code play()} of the first 20 ms frame of a turn, after silence, to its packet's arrival.
 *     This includes the wait for the pacer's next 20 ms slot (uniform in 0-20 ms by construction), reported apart
 *     as the slot wait, and what remains after the slot came (timer lateness, packet build, send, loopback);</li>
 * <li>steady state: the frames after the first of a 500 ms burst played at once (Vapi's way): each packet's
 *     arrival after its slot on the pacer's absolute timeline, i.e. the delay the gateway adds beyond the playout
 *     order itself;</li>
 * <li>barge-in flush: from {@code clear()} in the middle of a 1 s burst to the arrival of the first silence
 *     packet, and the count of audio packets sent by a tick after the clear (stale audio; 0 by design).</li>
 * </ul>
 * Slots are exact: packet {@code j} (by RTP timestamp) is due at the instant the leg started plus
 * {@code j × 20 ms}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.trunkline.bench.agent.AgentPathBench [turns] [PCM16_16K|PCMU_8K|both]
 * </pre>
 */
public final class AgentPathBench {

    private static final long PERIOD = 20_000_000L;
    private static final int WARM_UP_TURNS = 20;
    private static final int BURST_FRAMES = 25;
    private static final int CLEAR_BURST_FRAMES = 50;
    private static final Duration TURN_TIMEOUT = Duration.ofSeconds(5);

    private final AudioFormat agentFormat;
    private final EventLoop loop;
    private final RtpEngine engine;
    private final Receiver receiver;
    private final SplittableRandom random = new SplittableRandom(42);
    private final byte[] frame;
    private MediaLeg leg;
    private long startNanos;

    private final List<Double> firstFrame = new ArrayList<>();
    private final List<Double> slotWait = new ArrayList<>();
    private final List<Double> afterSlot = new ArrayList<>();
    private final List<Double> steady = new ArrayList<>();
    private final List<Double> flush = new ArrayList<>();
    private long staleAfterClear;

    private AgentPathBench(AudioFormat agentFormat, EventLoop loop, RtpEngine engine, Receiver receiver) {
        this.agentFormat = agentFormat;
        this.loop = loop;
        this.engine = engine;
        this.receiver = receiver;
        this.frame = Tone.frame(agentFormat);
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String which = args.length > 1 ? args[1] : "both";
        List<AudioFormat> formats = which.equals("both") ? List.of(AudioFormat.PCM16_16K, AudioFormat.PCMU_8K)
                : List.of(AudioFormat.valueOf(which));
        UdpTransport transport = UdpTransport.preferred();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        int base = 46000 + 2 * new SplittableRandom().nextInt(1000);
        RtpConfig config = new RtpConfig("127.0.0.1", null, base, base + 19, false, Duration.ofMinutes(30), 60_000,
                1);
        RtpEngine engine = new RtpEngine(config, transport);
        try {
            for (AudioFormat format : formats) {
                try (Receiver receiver = new Receiver(turns * 40 + 10_000)) {
                    AgentPathBench bench = new AgentPathBench(format, group.next(), engine, receiver);
                    bench.run(turns);
                    System.out.println(bench.summary(turns, transport, String.join(" ", args)));
                    if (LISTENER.drops() > 0) {
                        System.out.println("warning: the legs dropped " + LISTENER.drops() + " packets or frames");
                    }
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void run(int turns) throws Exception {
        MediaOffer offer = new MediaOffer(receiver.address(), new InetSocketAddress(receiver.address().getAddress(),
                receiver.address().getPort() + 1), AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        onLoop(() -> {
            // A first leg loads and links the start-up path, so that the measured leg's start() is quick.
            MediaLeg warmUp = engine.open("warm-up", new TestCallLoop(loop), offer, agentFormat, LISTENER);
            warmUp.start();
            warmUp.close();
            return null;
        });
        receiver.acceptNextStream();
        onLoop(() -> {
            leg = engine.open("bench", new TestCallLoop(loop), offer, agentFormat, LISTENER);
            // The pacer's timeline starts in start(): packet j is due at this instant + j * 20 ms.
            startNanos = System.nanoTime();
            leg.start();
            return null;
        });
        try {
            for (int turn = 0; turn < turns + WARM_UP_TURNS; turn++) {
                boolean record = turn >= WARM_UP_TURNS;
                if (turn % 5 == 1) {
                    clearTurn(record);
                } else if (turn % 10 == 3) {
                    burstTurn(record);
                } else {
                    firstFrameTurn(record);
                }
            }
        } finally {
            onLoop(() -> {
                leg.close();
                return null;
            });
        }
    }

    /** One 20 ms frame after 40-80 ms of silence, at a random phase of the pacer. */
    private void firstFrameTurn(boolean record) throws Exception {
        long played = playAfterSilence(1);
        int j = awaitPacket(slotBefore(played), p -> receiver.audible(p) && receiver.arrival(p) > played);
        if (record) {
            sampleFirst(played, j);
        }
    }

    /** A 500 ms burst in one play() call; every frame after the first is a steady-state sample. */
    private void burstTurn(boolean record) throws Exception {
        long played = playAfterSilence(BURST_FRAMES);
        int first = awaitPacket(slotBefore(played), p -> receiver.audible(p) && receiver.arrival(p) > played);
        awaitPacket(first, p -> p >= first + BURST_FRAMES - 1);
        if (record) {
            sampleFirst(played, first);
            for (int j = first + 1; j < first + BURST_FRAMES; j++) {
                if (receiver.received(j)) {
                    steady.add((receiver.arrival(j) - due(j)) / 1e6);
                }
            }
        }
    }

    /** A 1 s burst cleared after 100-300 ms of playout. */
    private void clearTurn(boolean record) throws Exception {
        long played = playAfterSilence(CLEAR_BURST_FRAMES);
        long cleared = onLoopAfter(TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(200)), () -> {
            long now = System.nanoTime();
            leg.clear();
            return now;
        });
        int silence = awaitPacket(slotBefore(cleared), p -> !receiver.audible(p) && receiver.arrival(p) > cleared);
        int end = awaitPacket(silence, p -> p >= silence + 10);
        if (record) {
            flush.add((receiver.arrival(silence) - cleared) / 1e6);
            // A packet due after the clear was sent by a tick after it: any audio in it is stale.
            for (int j = slotBefore(cleared); j <= end; j++) {
                if (receiver.received(j) && due(j) > cleared && receiver.audible(j)) {
                    staleAfterClear++;
                }
            }
        }
    }

    private void sampleFirst(long played, int j) {
        firstFrame.add((receiver.arrival(j) - played) / 1e6);
        slotWait.add(Math.max(0, due(j) - played) / 1e6);
        afterSlot.add((receiver.arrival(j) - Math.max(due(j), played)) / 1e6);
    }

    /** Waits until nothing is queued, then plays {@code frames} frames after 40-80 ms; returns when play() ran. */
    private long playAfterSilence(int frames) throws Exception {
        while (onLoop(() -> leg.queuedMillis()) > 0) {
            LockSupport.parkNanos(PERIOD);
        }
        ByteBuffer audio = ByteBuffer.allocate(frame.length * frames);
        for (int i = 0; i < frames; i++) {
            audio.put(frame);
        }
        audio.flip();
        long delay = TimeUnit.MILLISECONDS.toNanos(40) + random.nextLong(2 * PERIOD);
        return onLoopAfter(delay, () -> {
            long now = System.nanoTime();
            leg.play(audio);
            return now;
        });
    }

    private long due(int j) {
        return startNanos + j * PERIOD;
    }

    /** The packet slot a few periods before {@code nanos}, where searches for what follows it start. */
    private int slotBefore(long nanos) {
        return (int) Math.max(0, (nanos - startNanos) / PERIOD - 2);
    }

    /** Waits for the first received packet at or after {@code from} that matches; returns its slot. */
    private int awaitPacket(int from, IntPredicate found) {
        long deadline = System.nanoTime() + TURN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int highest = receiver.highest();
            for (int p = from; p <= highest; p++) {
                if (receiver.received(p) && found.test(p)) {
                    return p;
                }
            }
            LockSupport.parkNanos(200_000);
        }
        throw new IllegalStateException("no matching packet within " + TURN_TIMEOUT.toMillis() + " ms");
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private <T> T onLoopAfter(long delayNanos, Callable<T> task) throws Exception {
        return loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS).get(5, TimeUnit.SECONDS);
    }

    private String summary(int turns, UdpTransport transport, String args) {
        return String.format(Locale.ROOT, "agent path %s->PCMU (1 leg, %s, %d turns): first frame play->arrival "
                        + "%s ms [slot wait %s, after slot %s]; steady state after slot %s ms (%d frames); barge-in "
                        + "clear->first silence %s ms (%d clears, %d stale packets); %d packets missing (skipped by a late pacer or lost) | java -cp "
                        + "bench/target/benchmarks.jar io.trunkline.bench.agent.AgentPathBench %s",
                agentFormat, transport, turns, Stats.of(firstFrame), Stats.of(slotWait), Stats.of(afterSlot),
                Stats.of(steady), steady.size(), Stats.of(flush), flush.size(), staleAfterClear,
                receiver.missing(), args.isEmpty() ? "" : args).trim();
    }

    /** p50/p99/max of a sample. */
    private static final class Stats {
        static String of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return "n/a";
            }
            return String.format(Locale.ROOT, "p50=%.3f p99=%.3f max=%.3f", pct(v, 0.50), pct(v, 0.99),
                    v[v.length - 1]);
        }

        private static double pct(double[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
        }
    }

    /**
     * The caller: a blocking loopback socket read on its own thread; packet {@code j} (RTP timestamp offset from the
     * first packet / 160) is stored with its arrival time and whether it carried audio.
     */
    private static final class Receiver implements AutoCloseable {
        private final DatagramChannel channel;
        private final long[] arrivals;
        private final boolean[] audible;
        private final Thread thread;
        private volatile int highest = -1;
        private volatile long firstTimestamp = -1;
        private volatile long acceptedSsrc = -1;
        private volatile boolean accepting;
        private volatile int ignored;

        Receiver(int capacity) throws Exception {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            arrivals = new long[capacity];
            audible = new boolean[capacity];
            thread = new Thread(this::receive, "bench-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void receive() {
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            while (channel.isOpen()) {
                buf.clear();
                try {
                    channel.receive(buf);
                } catch (IOException e) {
                    return; // closed
                }
                long now = System.nanoTime();
                buf.flip();
                if (buf.remaining() < 12 + 160) {
                    continue;
                }
                long ssrc = buf.getInt(8) & 0xffff_ffffL;
                if (!accepting || (acceptedSsrc >= 0 && ssrc != acceptedSsrc)) {
                    ignored++; // the warm-up leg's stream
                    continue;
                }
                long ts = buf.getInt(4) & 0xffff_ffffL;
                if (firstTimestamp < 0) {
                    acceptedSsrc = ssrc;
                    firstTimestamp = ts;
                }
                int j = (int) (((ts - firstTimestamp) & 0xffff_ffffL) / 160);
                if (j >= arrivals.length) {
                    continue;
                }
                boolean sound = false;
                for (int i = 12; i < 12 + 160 && !sound; i++) {
                    byte b = buf.get(i);
                    sound = b != (byte) 0xFF && b != (byte) 0x7F;
                }
                arrivals[j] = now;
                audible[j] = sound;
                highest = Math.max(highest, j); // the volatile write publishes this slot
            }
        }

        /** Lets the warm-up leg's packet arrive, then takes the next stream as the measured one. */
        void acceptNextStream() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (ignored == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            accepting = true;
        }

        int highest() {
            return highest;
        }

        boolean received(int j) {
            return arrivals[j] != 0;
        }

        long arrival(int j) {
            return arrivals[j];
        }

        boolean audible(int j) {
            return audible[j];
        }

        /** Slots below the highest one received whose packet never arrived. */
        long missing() {
            long n = 0;
            for (int j = 0; j <= highest; j++) {
                if (arrivals[j] == 0) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(1000);
        }
    }

    /** A 1 kHz tone at -12 dBFS, one 20 ms frame in the agent's format. */
    private static final class Tone {
        static byte[] frame(AudioFormat format) {
            int rate = format.sampleRate();
            int samples = rate / 50;
            boolean ulaw = format == AudioFormat.PCMU_8K;
            ByteBuffer out = ByteBuffer.allocate(ulaw ? samples : 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
            double amplitude = 32767 * Math.pow(10, -12 / 20.0);
            for (int i = 0; i < samples; i++) {
                short s = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * i / rate));
                if (ulaw) {
                    out.put(G711.linearToUlaw(s));
                } else {
                    out.putShort(s);
                }
            }
            return out.array();
        }
    }

    /** The legs' listener: caller audio is not part of this measurement; drops are counted. */
    static final DropCountingListener LISTENER = new DropCountingListener();
}
