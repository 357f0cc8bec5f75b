package io.trunkline.rtp.engine;

import io.trunkline.core.observe.LegObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what a leg reports to its observer; safe to read from the test thread. */
final class RecordingLegObserver implements LegObserver {

    final AtomicLong received = new AtomicLong();
    final AtomicLong receivedBytes = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong inboundLost = new AtomicLong();
    final AtomicLong outboundLost = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong lateTicks = new AtomicLong();
    final AtomicLong channelErrors = new AtomicLong();
    final AtomicLong dtmf = new AtomicLong();
    final AtomicLong rtcpSent = new AtomicLong();
    final List<Long> jitter = new CopyOnWriteArrayList<>();
    final List<Long> inbound = new CopyOnWriteArrayList<>();
    final List<Long> outbound = new CopyOnWriteArrayList<>();
    final List<Long> pacingWait = new CopyOnWriteArrayList<>();
    final List<Long> pacingError = new CopyOnWriteArrayList<>();
    final List<double[]> farEnd = new CopyOnWriteArrayList<>();

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
