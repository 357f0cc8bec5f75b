package io.trunkline.rtp.dtmf;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.audio.DtmfDigit;

/**
 * Turns the RFC 4733 telephone-event packets of one stream into key presses, each reported exactly once. A key
 * press is identified by the RTP timestamp of its packets (all packets of one event share it). It is reported on
 * the first end packet (senders repeat the end, usually three times); if the next event starts before any end packet
 * of the previous one arrived, the previous one is reported then, with the last duration seen, so a lost end packet
 * does not lose the digit. Events longer than 65535 timestamp units (split into segments by the sender) are not
 * merged.
 *
 * <p>Used from one event loop; allocates nothing per packet except the returned digit.
 */
public final class DtmfReceiver {

    /** The telephone-event clock rate used by the gateway's trunks. */
    public static final int DEFAULT_CLOCK_RATE = 8000;

    private final int clockRate;
    private boolean active;
    private long eventTimestamp;
    private int event;
    private int durationUnits;
    private boolean reported;
    private boolean hasPrevious;
    private long previousTimestamp;
    private long malformed;

    /** A receiver for the 8000 Hz telephone-event clock. */
    public DtmfReceiver() {
        this(DEFAULT_CLOCK_RATE);
    }

    /** @param clockRate RTP clock rate of the telephone-event payload type */
    public DtmfReceiver(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /**
     * Accounts for one telephone-event packet. The payload is read with absolute reads; its reader index is not
     * moved.
     *
     * @param rtpTimestamp  the packet's RTP timestamp (identifies the event)
     * @param payload       buffer whose reader index is at the payload start
     * @param payloadLength payload bytes (excluding padding)
     * @return the digit when this packet completes a key press (or shows that the previous one ended unseen),
     *         otherwise {@code null}
     */
    public DtmfDigit onPacket(long rtpTimestamp, ByteBuf payload, int payloadLength) {
        int index = payload.readerIndex();
        if (payloadLength < TelephoneEvent.BYTES || payload.readableBytes() < TelephoneEvent.BYTES) {
            malformed++;
            return null;
        }
        int code = TelephoneEvent.event(payload, index);
        if (code > TelephoneEvent.MAX_DTMF_EVENT) {
            malformed++;
            return null;
        }
        boolean end = TelephoneEvent.end(payload, index);
        int duration = TelephoneEvent.duration(payload, index);
        if (active && rtpTimestamp == eventTimestamp) {
            return continueEvent(code, end, duration);
        }
        if (hasPrevious && rtpTimestamp == previousTimestamp) {
            return null; // a late or repeated packet of the event before: already reported
        }
        return startEvent(rtpTimestamp, code, end, duration);
    }

    private DtmfDigit continueEvent(int code, boolean end, int duration) {
        if (code != event) {
            malformed++; // one timestamp, two events: a broken sender; keep the first
            return null;
        }
        // Updates may be reordered; the duration only grows.
        durationUnits = Math.max(durationUnits, duration);
        if (end && !reported) {
            reported = true;
            return digit();
        }
        return null;
    }

    private DtmfDigit startEvent(long rtpTimestamp, int code, boolean end, int duration) {
        DtmfDigit unfinished = active && !reported ? digit() : null;
        hasPrevious = active;
        previousTimestamp = eventTimestamp;
        active = true;
        eventTimestamp = rtpTimestamp;
        event = code;
        durationUnits = duration;
        reported = false;
        if (end && unfinished == null) {
            reported = true;
            return digit();
        }
        // When both are due, the new event waits for its repeated end packet, the next event or flush().
        return unfinished;
    }

    /**
     * Reports the current key press if it never saw an end packet (call end, or a timeout the caller keeps), and
     * forgets it.
     *
     * @return the digit, or {@code null} when nothing is pending
     */
    public DtmfDigit flush() {
        DtmfDigit pending = active && !reported ? digit() : null;
        reported = true;
        return pending;
    }

    /** Forgets all event state (for a new SSRC); the malformed count is kept. */
    public void reset() {
        active = false;
        hasPrevious = false;
        reported = false;
    }

    /**
     * Packets ignored because their payload was shorter than 4 bytes, was not a DTMF event (code > 16), or named
     * another event than the one already running under the same timestamp.
     */
    public long malformed() {
        return malformed;
    }

    private DtmfDigit digit() {
        return new DtmfDigit(DtmfDigit.digitForEvent(event), (int) (durationUnits * 1000L / clockRate));
    }
}
