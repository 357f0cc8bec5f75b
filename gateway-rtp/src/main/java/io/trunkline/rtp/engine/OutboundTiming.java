package io.trunkline.rtp.engine;

import io.trunkline.core.observe.LegObserver;
import java.util.function.LongSupplier;

/**
 * Times the outbound path around each packet the pacer sends. For a packet carrying agent audio: the gateway's
 * processing (conversion into the queue, then building and writing the packet) and, separately, how long that audio
 * waited in the queue for its slot. For every packet: how far the interval since the previous one was from 20 ms.
 * Single-threaded, on the call's loop.
 */
final class OutboundTiming implements Pacer.Probe {

    /** Intervals longer than this follow a pause in sending (hold), not a late tick, and are not pacing errors. */
    static final long MAX_INTERVAL_NANOS = 500_000_000L;

    private final EnqueueTimeline timeline;
    private final GatewayLatencies latencies;
    private final LegObserver observer;
    private final LongSupplier clock;
    private long sendStartNanos;
    private long previousSendNanos;
    private long conversionNanos = -1;

    OutboundTiming(EnqueueTimeline timeline, GatewayLatencies latencies, LegObserver observer, LongSupplier clock) {
        this.timeline = timeline;
        this.latencies = latencies;
        this.observer = observer;
        this.clock = clock;
    }

    @Override
    public void beforeSend(int audioBytes, long audioEndPosition) {
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
    public void afterSend(byte[] payload, int audioBytes, boolean written) {
        if (!written) {
            return;
        }
        observer.packetSent(Pacer.FRAME_BYTES);
        if (conversionNanos >= 0) {
            latencies.outbound(conversionNanos + clock.getAsLong() - sendStartNanos);
        }
    }

    /** Sending paused or resumed: the next interval is not a pacing error. */
    void restartIntervals() {
        previousSendNanos = 0;
    }
}
