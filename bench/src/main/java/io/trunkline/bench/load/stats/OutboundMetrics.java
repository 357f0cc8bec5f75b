package io.trunkline.bench.load.stats;

/**
 * What the media loop measures of the gateway's outbound RTP, inside the window: for coded agent frames the total
 * delay (agent send → RTP received), the part spent waiting for the frame's pacer slot, and the rest (the gateway's
 * added delay); for every packet the interval error and the lateness against the pacer's slot grid. Media loop only.
 */
public final class OutboundMetrics {

    /** Agent frame sent → RTP packet received. */
    public final Histogram total = new Histogram();
    /** Agent frame sent → its pacer slot (0 when the frame arrived after its slot's time). */
    public final Histogram pacingWait = new Histogram();
    /** Total minus pacing wait: receive time minus the later of send time and slot time. */
    public final Histogram added = new Histogram();
    /** |interval between consecutive packets − 20 ms|, every packet. */
    public final Histogram intervalError = new Histogram();
    /** Receive time minus slot time, every packet. */
    public final Histogram slotLateness = new Histogram();
    /** Intervals over 30 ms between consecutive packets (a gap the caller would hear). */
    public long gaps;
    /** Slot lateness per second of the window. */
    public final Timeline timeline;

    public OutboundMetrics(MeasureWindow window) {
        this.timeline = new Timeline(window);
    }
}
