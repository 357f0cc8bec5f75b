package io.trunkline.rtp.playout;

import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.dtmf.TelephoneEvent;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.rtcp.SentStream;
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
 * by a skip, only delayed. Each late tick is reported to the attached {@link MediaProbe}, each skipped packet to the
 * {@link DropObserver} ({@link DropReason#PACER_SKIPPED}). The probe also sees every packet go out.
 *
 * <p>Digits ({@link DtmfPlayout}): a step that belongs to a telephone-event sends the event's packet instead of
 * audio, with the step's sequence number; the event's timestamp is that of its first step, the audio after it has
 * the timestamp of its own step, so the two share one clock. Queued audio is not consumed meanwhile; the probe
 * sees each event packet as a packet without audio (its interval counts for pacing, it adds no speech).
 *
 * <p>Hold: while the carrier does not receive ({@link #sending(boolean)} false) no packet is sent and no
 * sequence number is used, but the timestamp advances with time and queued audio is consumed as if played, so
 * marks still complete and the caller does not hear stale audio when the call resumes.
 */
public final class Pacer implements SentStream {

    /** Packetisation period. */
    public static final long PERIOD_NANOS = 20_000_000L;
    /** G.711 bytes (and timestamp units) in one 20 ms packet. */
    public static final int FRAME_BYTES = 160;
    /** The most packets sent in one tick to catch up after a late wake-up. */
    static final int MAX_BURST = 5;
    /** What the probe is shown of an event packet: its size, no audio. */
    private static final byte[] EVENT_PAYLOAD = new byte[TelephoneEvent.BYTES];

    private final PlayoutQueue queue;
    private final RtpPacketSink sink;
    private final byte silence;
    private final byte[] frame = new byte[FRAME_BYTES];
    private final DropObserver drops;
    private MediaProbe probe = MediaProbe.NONE;
    private DtmfPlayout dtmf = DtmfPlayout.NONE;

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

    /**
     * @param silence        the codec's silence byte (0xFF for PCMU, 0xD5 for PCMA)
     * @param firstSequence  sequence number of the first packet (random in production)
     * @param firstTimestamp RTP timestamp of the first packet (random in production)
     * @param drops          told about every packet skipped after a late wake-up
     */
    public Pacer(PlayoutQueue queue, RtpPacketSink sink, byte silence, int firstSequence, long firstTimestamp,
            DropObserver drops) {
        this.drops = drops;
        this.queue = queue;
        this.sink = sink;
        this.silence = silence;
        this.sequence = firstSequence & 0xffff;
        this.timestamp = firstTimestamp & 0xffff_ffffL;
    }

    /** Reports every packet, late tick and pause to {@code probe} from now on. */
    public void probe(MediaProbe probe) {
        this.probe = probe;
    }

    /** Sends the digits {@code dtmf} holds, in place of audio, from now on. */
    public void dtmf(DtmfPlayout dtmf) {
        this.dtmf = dtmf;
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
            probe.pacerLate();
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
    public void sending(boolean send) {
        if (send != sending) {
            sending = send;
            talking = false;
            probe.sendingChanged(send);
        }
    }

    private void emit() {
        if (sending && dtmf.takesStep(timestamp)) {
            emitEvent();
        } else {
            emitAudio();
        }
        timestamp = (timestamp + FRAME_BYTES) & 0xffff_ffffL;
        nextIndex++;
        queue.reportReachedMarks();
    }

    private void emitAudio() {
        int queued = queue.size();
        boolean endOfBurst = queued < FRAME_BYTES && queue.writePosition() == writePositionAtLastTick;
        int audio = queued >= FRAME_BYTES || endOfBurst ? queue.read(frame, 0, FRAME_BYTES) : 0;
        if (sending) {
            if (audio < FRAME_BYTES) {
                Arrays.fill(frame, audio, FRAME_BYTES, silence);
            }
            boolean marker = audio > 0 && !talking;
            talking = audio > 0;
            // The sequence number is spent even when the packet could not be written: the receiver sees a loss.
            probe.packetSending(audio, queue.readPosition());
            boolean written = sink.send(marker, sequence, timestamp, frame, FRAME_BYTES);
            probe.packetSent(frame, audio, written);
            if (written) {
                packetsSent++;
                payloadBytesSent += FRAME_BYTES;
            }
            sequence = (sequence + 1) & 0xffff;
        }
    }

    /** A telephone-event packet in place of this step's audio; queued audio waits for the next audio step. */
    private void emitEvent() {
        int length = dtmf.writeNext(sequence);
        probe.packetSending(0, queue.readPosition());
        boolean written = sink.sendPacket(dtmf.packet(), length);
        probe.packetSent(EVENT_PAYLOAD, 0, written);
        if (written) {
            packetsSent++;
            payloadBytesSent += TelephoneEvent.BYTES;
        }
        sequence = (sequence + 1) & 0xffff;
        talking = false; // the audio after the event starts a talk spurt
    }

    private void skip(long packets) {
        drops.dropped(DropReason.PACER_SKIPPED, packets);
        nextIndex += packets;
        timestamp = (timestamp + packets * FRAME_BYTES) & 0xffff_ffffL;
        talking = false;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Before {@link #start} it is the first packet's timestamp.
     */
    @Override
    public long timestampAt(long nowNanos) {
        if (!started) {
            return timestamp;
        }
        long aheadNanos = nextDeadline() - nowNanos;
        long aheadUnits = Math.floorDiv(aheadNanos * FRAME_BYTES, PERIOD_NANOS);
        return (timestamp - aheadUnits) & 0xffff_ffffL;
    }

    @Override
    public long packetsSent() {
        return packetsSent;
    }

    @Override
    public long payloadBytesSent() {
        return payloadBytesSent;
    }
}
