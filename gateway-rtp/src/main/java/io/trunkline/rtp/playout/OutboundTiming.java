package io.trunkline.rtp.playout;

import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.probe.MediaProbe;
import java.util.function.LongSupplier;

/**
 * Times the outbound path, as a probe on the encoder and the pacer. For a packet carrying agent audio: the
 * gateway's processing (conversion into the queue, then building and writing the packet) and, separately, how long
 * that audio waited in the queue for its slot. For every packet: how far the interval since the previous one was
 * from 20 ms. Single-threaded, on the call's loop.
 */
public final class OutboundTiming implements MediaProbe {

    /** Intervals longer than this follow a pause in sending (hold), not a late tick, and are not pacing errors. */
    static final long MAX_INTERVAL_NANOS = 500_000_000L;

    private final EnqueueTimeline timeline;
    private final GatewayLatencies latencies;
    private final LongSupplier clock;
    private long arrivedNanos;
    private long sendStartNanos;
    private long previousSendNanos;
    private long conversionNanos = -1;

    public OutboundTiming(GatewayLatencies latencies, LongSupplier clock) {
        this(new EnqueueTimeline(), latencies, clock);
    }

    OutboundTiming(EnqueueTimeline timeline, GatewayLatencies latencies, LongSupplier clock) {
        this.timeline = timeline;
        this.latencies = latencies;
        this.clock = clock;
    }

    @Override
    public void agentAudioArrived() {
        arrivedNanos = clock.getAsLong();
    }

    @Override
    public void agentAudioQueued(long queueEndPosition) {
        timeline.queued(queueEndPosition, arrivedNanos, clock.getAsLong());
    }

    @Override
    public void packetSending(int audioBytes, long audioEndPosition) {
        long now = clock.getAsLong();
        sendStartNanos = now;
        if (previousSendNanos != 0) {
            long interval = now - previousSendNanos;
            if (interval < MAX_INTERVAL_NANOS) {
                latencies.pacingError(Math.abs(interval - Pacer.PERIOD_NANOS));
            }
        }
        previousSendNanos = now;
        conversionNanos = -1;
        if (audioBytes > 0 && timeline.seek(audioEndPosition - audioBytes)) {
            conversionNanos = Math.max(0, timeline.queuedNanos() - timeline.arrivedNanos());
            latencies.pacingWait(Math.max(0, now - timeline.queuedNanos()));
        }
    }

    @Override
    public void packetSent(byte[] payload, int audioBytes, boolean written) {
        if (written && conversionNanos >= 0) {
            latencies.outbound(conversionNanos + clock.getAsLong() - sendStartNanos);
        }
    }

    /** Sending paused or resumed: the next interval is not a pacing error. */
    @Override
    public void sendingChanged(boolean sending) {
        previousSendNanos = 0;
    }
}
