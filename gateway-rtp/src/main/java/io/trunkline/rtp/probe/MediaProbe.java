package io.trunkline.rtp.probe;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.stats.PacketOrder;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.util.Arrays;

/**
 * What the stages of one media leg tell whoever measures them. A stage does its work and, at the points named
 * here, calls the probe attached to it (by default {@link #NONE}); it never computes a figure for somebody else.
 * Every method has an empty default, so a probe implements only the hooks it needs. Called on the call's loop, on
 * the hot path: implementations must not allocate, lock or block. Borrowed arguments must not be kept.
 *
 * <p>Drops are not reported here but to the call's {@link io.trunkline.core.observe.DropObserver}, once each,
 * where they happen.
 */
public interface MediaProbe {

    /** Measures nothing. */
    MediaProbe NONE = new MediaProbe() {
    };

    /** A probe that hands every hook to each of {@code probes}, in order. */
    static MediaProbe all(MediaProbe... probes) {
        MediaProbe[] copy = Arrays.stream(probes).filter(p -> p != NONE).toArray(MediaProbe[]::new);
        if (copy.length == 0) {
            return NONE;
        }
        return copy.length == 1 ? copy[0] : new AllProbes(copy);
    }

    // ---- channels --------------------------------------------------------------------------------------------

    /** An error on one of the leg's channels: a failed write, a read error. The channel stays open. */
    default void channelError() {
    }

    // ---- receive ---------------------------------------------------------------------------------------------

    /**
     * A valid RTP packet from the caller went through the receive statistics, which placed it {@code order};
     * {@code counted} when they counted it as received (duplicates and held-back jumps are not).
     */
    default void rtpReceived(int payloadBytes, boolean counted, PacketOrder order) {
    }

    /** The audio of a packet that arrived at {@code arrivalNanos} completed at least one frame toward the agent. */
    default void callerAudioForwarded(long arrivalNanos) {
    }

    /** A key press completed (RFC 4733). */
    default void dtmf(DtmfDigit digit) {
    }

    // ---- playout ---------------------------------------------------------------------------------------------

    /** A piece of agent audio entered the leg; its chunks follow as {@link #agentAudioQueued}. */
    default void agentAudioArrived() {
    }

    /** Agent audio of the latest arrival is now queued up to queue position {@code queueEndPosition}. */
    default void agentAudioQueued(long queueEndPosition) {
    }

    /**
     * A packet is about to be written; it carries {@code audioBytes} of queued audio ending at queue position
     * {@code audioEndPosition} (0 bytes: silence).
     */
    default void packetSending(int audioBytes, long audioEndPosition) {
    }

    /**
     * The packet announced by {@link #packetSending} was handed to the channel ({@code written}) or could not be;
     * {@code payload} holds its 20 ms, borrowed for the duration of the call.
     */
    default void packetSent(byte[] payload, int audioBytes, boolean written) {
    }

    /** The pacer woke up late and found more than one packet due. */
    default void pacerLate() {
    }

    /** Sending paused (hold) or resumed; the pacer's timeline went on. */
    default void sendingChanged(boolean sending) {
    }

    // ---- RTCP ------------------------------------------------------------------------------------------------

    /** Our periodic report was due; {@code sent} when it was handed to the channel. */
    default void rtcpReport(ReceiveStatistics inbound, boolean sent) {
    }

    /**
     * The carrier reported on our stream: {@code block}, its jitter in nanoseconds, and the round trip derived from
     * it ({@code -1} when the report does not allow one).
     */
    default void farEndReport(ReportBlock block, long jitterNanos, long roundTripNanos) {
    }
}
