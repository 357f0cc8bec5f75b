package io.trunkline.rtp.engine;

import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.observe.LegObserver;
import java.util.Arrays;

/**
 * Sends exactly one 20 ms G.711 packet per period on an absolute timeline: packet {@code k} is due at
 * {@code start + k * 20 ms}, so a late wake-up never shifts the packets after it. The pacer itself keeps no clock;
 * {@link #tick(long)} is given the time and returns the next deadline, which makes it testable without real time
 * ({@link PacerTimer} drives it on the call's loop).
 *
 * <p>What each packet carries:
 * <ul>
 *   <li>160 queued bytes when at least a frame is queued;</li>
 *   <li>the last partial frame padded with silence when nothing was queued since the previous tick (the end of
 *       a burst); while audio is still arriving, a partial frame waits one more tick instead, so a stream that
 *       trickles in unaligned pieces is not cut up by silence;</li>
 *   <li>silence otherwise.</li>
 * </ul>
 * The marker bit is set on the first audio packet after silence (the start of a talk spurt).
 *
 * <p>Late ticks: when the loop wakes up several periods late, the missed packets are sent at once, up to
 * {@link #MAX_BURST} packets (100 ms); beyond that the timeline skips ahead: the skipped packets' timestamps are
 * consumed (the RTP clock stays locked to the wall clock) but no packet and no sequence number is spent on them,
 * which a receiver sees as a short gap in the audio rather than a burst it must absorb. Queued audio is not lost
 * by a skip, only delayed. Each late tick is reported to the {@link LegObserver}, each skipped packet to the
 * {@link DropObserver} ({@link DropReason#PACER_SKIPPED}).
 *
 * <p>Hold: while the carrier does not receive ({@link #sending(boolean)} false) no packet is sent and no
 * sequence number is used, but the timestamp advances with time and queued audio is consumed as if played, so
 * marks still complete and the caller does not hear stale audio when the call resumes.
 */
final class Pacer {

    /** Packetisation period. */
    static final long PERIOD_NANOS = 20_000_000L;
    /** G.711 bytes (and timestamp units) in one 20 ms packet. */
    static final int FRAME_BYTES = 160;
    /** The most packets sent in one tick to catch up after a late wake-up. */
    static final int MAX_BURST = 5;

    /** Watches each packet go out, for latency measurement; called on the loop around every send. */
    interface Probe {
        Probe NONE = new Probe() {
            @Override
            public void beforeSend(int audioBytes, long audioEndPosition) {
            }

            @Override
            public void afterSend(byte[] payload, int audioBytes, boolean written) {
            }
        };

        /** Both probes, {@code first} first. */
        static Probe both(Probe first, Probe second) {
            return new Probe() {
                @Override
                public void beforeSend(int audioBytes, long audioEndPosition) {
                    first.beforeSend(audioBytes, audioEndPosition);
                    second.beforeSend(audioBytes, audioEndPosition);
                }

                @Override
                public void afterSend(byte[] payload, int audioBytes, boolean written) {
                    first.afterSend(payload, audioBytes, written);
                    second.afterSend(payload, audioBytes, written);
                }
            };
        }

        /**
         * A packet is about to be written; it carries {@code audioBytes} of queued audio ending at queue position
         * {@code audioEndPosition} (0 bytes: silence).
         */
        void beforeSend(int audioBytes, long audioEndPosition);

        /**
         * The packet was handed to the channel ({@code written}) or could not be; {@code payload} holds its
         * {@link #FRAME_BYTES} bytes, borrowed for the duration of the call.
         */
        void afterSend(byte[] payload, int audioBytes, boolean written);
    }

    private final PlayoutQueue queue;
    private final RtpPacketSink sink;
    private final byte silence;
    private final byte[] frame = new byte[FRAME_BYTES];
    private final Probe probe;
    private final DropObserver drops;
    private final LegObserver observer;

    private long startNanos;
    private boolean started;
    private long nextIndex;
    private int sequence;
    private long timestamp;
    private boolean talking;
    private boolean sending = true;
    private long writePositionAtLastTick;

    private long packetsSent;
    private long payloadBytesSent;
    private long silencePackets;

    /**
     * @param silence        the codec's silence byte (0xFF for PCMU, 0xD5 for PCMA)
     * @param firstSequence  sequence number of the first packet (random in production)
     * @param firstTimestamp RTP timestamp of the first packet (random in production)
     */
    Pacer(PlayoutQueue queue, RtpPacketSink sink, byte silence, int firstSequence, long firstTimestamp) {
        this(queue, sink, silence, firstSequence, firstTimestamp, Probe.NONE, DropObserver.NONE, LegObserver.NONE);
    }

    /**
     * A pacer whose every packet is also reported to {@code probe}, its skipped packets to {@code drops} and its
     * late ticks to {@code observer}.
     */
    Pacer(PlayoutQueue queue, RtpPacketSink sink, byte silence, int firstSequence, long firstTimestamp, Probe probe,
            DropObserver drops, LegObserver observer) {
        this.probe = probe;
        this.drops = drops;
        this.observer = observer;
        this.queue = queue;
        this.sink = sink;
        this.silence = silence;
        this.sequence = firstSequence & 0xffff;
        this.timestamp = firstTimestamp & 0xffff_ffffL;
    }

    /** Fixes the timeline: packet 0 is due at {@code nowNanos}. */
    void start(long nowNanos) {
        startNanos = nowNanos;
        started = true;
        nextIndex = 0;
        writePositionAtLastTick = queue.writePosition();
    }

    /**
     * Sends every packet due at {@code nowNanos} (see the class comment for late ticks).
     *
     * @return when the next packet is due
     */
    long tick(long nowNanos) {
        if (!started) {
            throw new IllegalStateException("pacer not started");
        }
        long due = Math.floorDiv(nowNanos - startNanos, PERIOD_NANOS) + 1;
        long missing = due - nextIndex;
        if (missing > 1) {
            observer.pacerLateTick();
        }
        if (missing > MAX_BURST) {
            skip(missing - MAX_BURST);
            missing = MAX_BURST;
        }
        for (long i = 0; i < missing; i++) {
            emit();
        }
        writePositionAtLastTick = queue.writePosition();
        return nextDeadline();
    }

    /** When the next packet is due. */
    long nextDeadline() {
        return startNanos + nextIndex * PERIOD_NANOS;
    }

    /** Pauses (false) or resumes (true) sending; the timeline goes on either way. */
    void sending(boolean send) {
        if (send != sending) {
            sending = send;
            talking = false;
        }
    }

    boolean sending() {
        return sending;
    }

    private void emit() {
        int queued = queue.size();
        boolean endOfBurst = queued < FRAME_BYTES && queue.writePosition() == writePositionAtLastTick;
        int audio = queued >= FRAME_BYTES || endOfBurst ? queue.read(frame, 0, FRAME_BYTES) : 0;
        if (sending) {
            if (audio < FRAME_BYTES) {
                Arrays.fill(frame, audio, FRAME_BYTES, silence);
            }
            boolean marker = audio > 0 && !talking;
            talking = audio > 0;
            if (audio == 0) {
                silencePackets++;
            }
            // The sequence number is spent even when the packet could not be written: the receiver sees a loss.
            probe.beforeSend(audio, queue.readPosition());
            boolean written = sink.send(marker, sequence, timestamp, frame, FRAME_BYTES);
            probe.afterSend(frame, audio, written);
            if (written) {
                packetsSent++;
                payloadBytesSent += FRAME_BYTES;
            }
            sequence = (sequence + 1) & 0xffff;
        }
        timestamp = (timestamp + FRAME_BYTES) & 0xffff_ffffL;
        nextIndex++;
        queue.runReachedMarks();
    }

    private void skip(long packets) {
        drops.dropped(DropReason.PACER_SKIPPED, packets);
        nextIndex += packets;
        timestamp = (timestamp + packets * FRAME_BYTES) & 0xffff_ffffL;
        talking = false;
    }

    /** The sequence number the next packet will carry. */
    int nextSequence() {
        return sequence;
    }

    /** The timestamp the next packet will carry. */
    long nextTimestamp() {
        return timestamp;
    }

    /**
     * The RTP timestamp of the instant {@code nowNanos} on this stream's timeline, as an RTCP sender report pairs
     * it with the wall clock. Before {@link #start} it is the first packet's timestamp.
     */
    long timestampAt(long nowNanos) {
        if (!started) {
            return timestamp;
        }
        long aheadNanos = nextDeadline() - nowNanos;
        long aheadUnits = Math.floorDiv(aheadNanos * FRAME_BYTES, PERIOD_NANOS);
        return (timestamp - aheadUnits) & 0xffff_ffffL;
    }

    long packetsSent() {
        return packetsSent;
    }

    long payloadBytesSent() {
        return payloadBytesSent;
    }

    long silencePackets() {
        return silencePackets;
    }
}
