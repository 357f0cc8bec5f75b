package io.trunkline.rtp.testing;

import io.trunkline.core.observe.LegObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what a leg reports to its observer; safe to read from the test thread. */
public final class RecordingLegObserver implements LegObserver {

    public final AtomicLong received = new AtomicLong();
    public final AtomicLong receivedBytes = new AtomicLong();
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong inboundLost = new AtomicLong();
    public final AtomicLong outboundLost = new AtomicLong();
    public final AtomicLong outOfOrder = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong lateTicks = new AtomicLong();
    public final AtomicLong channelErrors = new AtomicLong();
    public final AtomicLong dtmf = new AtomicLong();
    public final AtomicLong rtcpSent = new AtomicLong();
    public final List<Long> jitter = new CopyOnWriteArrayList<>();
    public final List<Long> inbound = new CopyOnWriteArrayList<>();
    public final List<Long> outbound = new CopyOnWriteArrayList<>();
    public final List<Long> pacingWait = new CopyOnWriteArrayList<>();
    public final List<Long> pacingError = new CopyOnWriteArrayList<>();
    public final List<double[]> farEnd = new CopyOnWriteArrayList<>();

    @Override
    public void packetReceived(int payloadBytes) {
        received.incrementAndGet();
        receivedBytes.addAndGet(payloadBytes);
    }

    @Override
    public void packetSent(int payloadBytes) {
        sent.incrementAndGet();
    }

    @Override
    public void inboundLost(long packets) {
        inboundLost.addAndGet(packets);
    }

    @Override
    public void outboundLost(long packets) {
        outboundLost.addAndGet(packets);
    }

    @Override
    public void outOfOrder() {
        outOfOrder.incrementAndGet();
    }

    @Override
    public void duplicate() {
        duplicates.incrementAndGet();
    }

    @Override
    public void inboundJitter(long nanos) {
        jitter.add(nanos);
    }

    @Override
    public void inboundProcessing(long nanos) {
        inbound.add(nanos);
    }

    @Override
    public void outboundProcessing(long nanos) {
        outbound.add(nanos);
    }

    @Override
    public void pacingWait(long nanos) {
        pacingWait.add(nanos);
    }

    @Override
    public void pacingError(long nanos) {
        pacingError.add(nanos);
    }

    @Override
    public void dtmf() {
        dtmf.incrementAndGet();
    }

    @Override
    public void pacerLateTick() {
        lateTicks.incrementAndGet();
    }

    @Override
    public void channelError() {
        channelErrors.incrementAndGet();
    }

    @Override
    public void rtcpSent() {
        rtcpSent.incrementAndGet();
    }

    @Override
    public void farEndReport(double fractionLost, long jitterNanos, long roundTripNanos) {
        farEnd.add(new double[] {fractionLost, jitterNanos, roundTripNanos});
    }
}
