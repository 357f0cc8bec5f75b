package io.trunkline.rtp.probe;

import io.trunkline.core.observe.LatencyHistogram;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.core.record.GatewayTimings;

/**
 * The leg's own latency figures: each measurement goes both into a per-call histogram (for the call record) and to
 * the observer (for the gateway-wide metrics). Single-threaded, on the call's loop; allocates nothing per
 * measurement.
 */
public final class GatewayLatencies {

    private final LegObserver observer;
    private final LatencyHistogram inbound = new LatencyHistogram();
    private final LatencyHistogram outbound = new LatencyHistogram();
    private final LatencyHistogram pacingWait = new LatencyHistogram();
    private final LatencyHistogram pacingError = new LatencyHistogram();

    public GatewayLatencies(LegObserver observer) {
        this.observer = observer;
    }

    public void inbound(long nanos) {
        inbound.record(nanos);
        observer.inboundProcessing(nanos);
    }

    public void outbound(long nanos) {
        outbound.record(nanos);
        observer.outboundProcessing(nanos);
    }

    public void pacingWait(long nanos) {
        pacingWait.record(nanos);
        observer.pacingWait(nanos);
    }

    public void pacingError(long nanos) {
        pacingError.record(nanos);
        observer.pacingError(nanos);
    }

    public GatewayTimings timings() {
        return new GatewayTimings(inbound.summary(), outbound.summary(), pacingWait.summary(), pacingError.summary());
    }
}
