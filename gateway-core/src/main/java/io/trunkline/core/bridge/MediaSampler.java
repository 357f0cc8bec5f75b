package io.trunkline.core.bridge;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.record.MediaSeries;
import io.trunkline.core.record.RtpStreamStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples an answered call's media once a second, on its loop, into the {@link MediaSeries} of its record: inbound
 * packets, loss and jitter from the leg's running statistics (differences between two samples), and the pacing
 * error of the agent audio sent toward the caller (from the send times the leg reports). Bounded: when
 * {@link MediaSeries#MAX_POINTS} points are full, neighbours are merged two by two and each point covers twice as
 * long. Confined to the call's loop; it allocates only to grow its columns.
 */
final class MediaSampler {
    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FRAME_NANOS = AudioFormat.FRAME_MILLIS * 1_000_000L;

    private final CallLoop loop;
    private final long originNanos;
    private static final int INITIAL_POINTS = 64;

    // Allocated at the first sample (refused calls never sample) and grown as the call goes, up to MAX_POINTS.
    private long[] packets = new long[0];
    private long[] lost = new long[0];
    /** Sum of jitter (ms) times packets: a weighted mean survives merging. */
    private double[] jitterWeighted = new double[0];
    private double[] pacingMax = new double[0];
    private Supplier<MediaStats> stats;
    private CallLoop.Cancellable tick;
    private long startNanos;
    private int points;
    private int ticksPerPoint = 1;
    private int ticksInPoint;
    private long lastPackets;
    private long lastLost;
    private double lastJitterWeighted;
    private long lastAgentPacketNanos;
    private double secondPacingMaxMs = Double.NaN;

    /** @param originNanos when the INVITE was received (monotonic) */
    MediaSampler(CallLoop loop, long originNanos) {
        this.loop = loop;
        this.originNanos = originNanos;
    }

    /** The call was answered: samples {@code stats} every second from now until {@link #stop()}. */
    void start(Supplier<MediaStats> stats) {
        this.stats = stats;
        startNanos = System.nanoTime();
        tick = loop.schedule(this::tick, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    /** A packet of agent audio went out at {@code sentNanos}: its distance from 20 ms after the previous one. */
    void agentPacketSent(long sentNanos) {
        long interval = sentNanos - lastAgentPacketNanos;
        if (lastAgentPacketNanos != 0 && interval < 2 * FRAME_NANOS) { // longer: the pacer's silence in between
            double errorMs = Math.abs(interval - FRAME_NANOS) / 1e6;
            secondPacingMaxMs = Double.isNaN(secondPacingMaxMs) ? errorMs : Math.max(secondPacingMaxMs, errorMs);
        }
        lastAgentPacketNanos = sentNanos;
    }

    private void tick() {
        if (stats == null) {
            return;
        }
        sample();
        tick = loop.schedule(this::tick, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    /** The call is over: a last (partial) sample, and no more. */
    void stop() {
        if (stats == null) {
            return;
        }
        if (tick != null) {
            tick.cancel();
        }
        sample();
        stats = null;
    }

    private void sample() {
        RtpStreamStats in = stats.get().inbound();
        double weighted = in.jitterMeanMs() * in.packets();
        if (ticksInPoint == 0) {
            if (points == MediaSeries.MAX_POINTS) {
                halve();
            } else if (points == packets.length) {
                grow(Math.min(MediaSeries.MAX_POINTS, Math.max(INITIAL_POINTS, 2 * points)));
            }
            points++;
            packets[points - 1] = 0;
            lost[points - 1] = 0;
            jitterWeighted[points - 1] = 0;
            pacingMax[points - 1] = Double.NaN;
        }
        int i = points - 1;
        packets[i] += in.packets() - lastPackets;
        lost[i] += in.lost() - lastLost;
        jitterWeighted[i] += weighted - lastJitterWeighted;
        pacingMax[i] = maxOf(pacingMax[i], secondPacingMaxMs);
        lastPackets = in.packets();
        lastLost = in.lost();
        lastJitterWeighted = weighted;
        secondPacingMaxMs = Double.NaN;
        if (++ticksInPoint == ticksPerPoint) {
            ticksInPoint = 0;
        }
    }

    private void grow(int capacity) {
        packets = Arrays.copyOf(packets, capacity);
        lost = Arrays.copyOf(lost, capacity);
        jitterWeighted = Arrays.copyOf(jitterWeighted, capacity);
        pacingMax = Arrays.copyOf(pacingMax, capacity);
    }

    /** Merges neighbours two by two: half the points, each twice as long. */
    private void halve() {
        for (int k = 0; k < points / 2; k++) {
            packets[k] = packets[2 * k] + packets[2 * k + 1];
            lost[k] = lost[2 * k] + lost[2 * k + 1];
            jitterWeighted[k] = jitterWeighted[2 * k] + jitterWeighted[2 * k + 1];
            pacingMax[k] = maxOf(pacingMax[2 * k], pacingMax[2 * k + 1]);
        }
        points /= 2;
        ticksPerPoint *= 2;
    }

    private static double maxOf(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The series so far; {@link MediaSeries#NONE} when the call was never answered. */
    MediaSeries series() {
        if (startNanos == 0) {
            return MediaSeries.NONE;
        }
        List<Long> p = new ArrayList<>(points);
        List<Long> l = new ArrayList<>(points);
        List<Double> j = new ArrayList<>(points);
        List<Double> e = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            p.add(packets[i]);
            l.add(lost[i]);
            j.add(packets[i] > 0 ? round(jitterWeighted[i] / packets[i]) : Double.NaN);
            e.add(round(pacingMax[i]));
        }
        return new MediaSeries(ticksPerPoint * PERIOD_NANOS / 1_000_000, round((startNanos - originNanos) / 1e6),
                p, l, j, e);
    }

    /** Hundredths of a millisecond are plenty for a chart and keep the record short. */
    private static double round(double ms) {
        return Double.isNaN(ms) ? ms : Math.round(ms * 100) / 100.0;
    }
}
