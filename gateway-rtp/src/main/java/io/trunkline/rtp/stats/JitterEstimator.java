package io.trunkline.rtp.stats;

/**
 * RFC 3550 A.8 interarrival jitter: J += (|D| - J) / 16, where D is the difference in relative transit time of two
 * consecutive packets in arrival order, in timestamp units. Also keeps the mean and maximum of the estimate.
 */
final class JitterEstimator {

    /** A change in transit time beyond this is a break in the timeline rather than jitter. */
    static final int MAX_TRANSIT_CHANGE_SECONDS = 3;

    private final int clockRate;
    private boolean hasReference;
    private long referenceArrivalNanos;
    private long referenceTimestamp;
    private double jitter;
    private double sum;
    private long samples;
    private double max;

    JitterEstimator(int clockRate) {
        this.clockRate = clockRate;
    }

    void update(long rtpTimestamp, long arrivalNanos) {
        if (!hasReference) {
            reference(rtpTimestamp, arrivalNanos);
            return;
        }
        // Packets that repeat a timestamp (RFC 4733 event updates and retransmitted ends) say nothing about network
        // delay; counting them would read the event's duration as jitter.
        if (rtpTimestamp == referenceTimestamp) {
            return;
        }
        // Multiply first, in long: exact for any realistic gap (overflow needs two days between packets at
        // 48 kHz).
        double arrivalDelta = (arrivalNanos - referenceArrivalNanos) * clockRate / 1e9;
        int timestampDelta = (int) (rtpTimestamp - referenceTimestamp); // signed, modulo 2^32
        double d = Math.abs(arrivalDelta - timestampDelta);
        if (d > MAX_TRANSIT_CHANGE_SECONDS * clockRate) {
            // A timestamp discontinuity (a forged or glitched packet, a media server switching streams under one
            // SSRC), not network delay: one such packet would otherwise dominate the call's jitter figures.
            reference(rtpTimestamp, arrivalNanos);
            return;
        }
        jitter += (d - jitter) / 16;
        reference(rtpTimestamp, arrivalNanos);
        samples++;
        sum += jitter;
        max = Math.max(max, jitter);
    }

    /** Forgets the previous packet (its timestamps are no longer comparable) but keeps the estimate. */
    void resetReference() {
        hasReference = false;
    }

    /** A new source: the estimate starts from zero; mean and maximum over the call are kept. */
    void restart() {
        hasReference = false;
        jitter = 0;
    }

    double units() {
        return jitter;
    }

    double millis() {
        return toMillis(jitter);
    }

    double meanMillis() {
        return samples == 0 ? 0 : toMillis(sum / samples);
    }

    double maxMillis() {
        return toMillis(max);
    }

    private double toMillis(double units) {
        return units * 1000.0 / clockRate;
    }

    private void reference(long rtpTimestamp, long arrivalNanos) {
        hasReference = true;
        referenceTimestamp = rtpTimestamp;
        referenceArrivalNanos = arrivalNanos;
    }
}
