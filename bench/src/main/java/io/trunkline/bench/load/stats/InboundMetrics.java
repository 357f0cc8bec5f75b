package io.trunkline.bench.load.stats;

/** What the agent loop measures of caller audio inside the window. Agent loop only. */
public final class InboundMetrics {

    /** Harness RTP send → frame read by the fake agent. */
    public final Histogram latency = new Histogram();
    /** Interval between consecutive frames at the agent, minus 20 ms, absolute. */
    public final Histogram intervalError = new Histogram();
    /** Inbound latency per second of the window. */
    public final Timeline timeline;

    public InboundMetrics(MeasureWindow window) {
        this.timeline = new Timeline(window);
    }
}
