package io.trunkline.core.record;

import java.util.List;

/**
 * The media of one answered call, step by step (one second per step, coarser for long calls so that a call keeps
 * at most {@link #MAX_POINTS} points), for charts. Point {@code i} covers {@code [startMs + i*stepMs, +stepMs)},
 * in milliseconds since the INVITE. Every column has one value per point; NaN (null in JSON) where nothing was
 * measured in that step.
 *
 * @param stepMs           the width of each point
 * @param startMs          when the first point began (the answer)
 * @param inboundPackets   RTP packets received from the caller
 * @param inboundLost      packets newly counted as lost (RFC 3550; negative when late packets made up for loss)
 * @param inboundJitterMs  mean of the interarrival-jitter estimate over the packets of the step
 * @param pacingErrorMaxMs largest distance from 20 ms between two packets of agent audio sent back to back
 */
public record MediaSeries(long stepMs, double startMs, List<Long> inboundPackets, List<Long> inboundLost,
        List<Double> inboundJitterMs, List<Double> pacingErrorMaxMs) {

    /** The most points a call keeps: an hour at one per second. */
    public static final int MAX_POINTS = 3600;

    /** A call that was never answered. */
    public static final MediaSeries NONE = new MediaSeries(1000, Double.NaN, List.of(), List.of(), List.of(),
            List.of());

    public MediaSeries {
        inboundPackets = List.copyOf(inboundPackets);
        inboundLost = List.copyOf(inboundLost);
        inboundJitterMs = List.copyOf(inboundJitterMs);
        pacingErrorMaxMs = List.copyOf(pacingErrorMaxMs);
        int n = inboundPackets.size();
        if (inboundLost.size() != n || inboundJitterMs.size() != n || pacingErrorMaxMs.size() != n) {
            throw new IllegalArgumentException("columns of different lengths");
        }
    }

    /** The number of points. */
    public int size() {
        return inboundPackets.size();
    }
}
