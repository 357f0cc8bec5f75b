package io.trunkline.rtp.dtmf;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.rtp.packet.RtpParser;
import io.trunkline.rtp.packet.RtpWriter;

/**
 * Encodes one key press as the RFC 4733 packet sequence (§2.5.1): every packet carries the event's start timestamp;
 * the first has the marker bit; each following one reports the duration grown by one packet interval; the last
 * duration is sent in three end packets. The caller paces the packets (one per interval) and supplies the sequence
 * numbers, which telephone-events share with the audio of the same stream:
 *
 * <pre>{@code
 * sender.start(new DtmfDigit('5', 100), timestamp, 50);
 * while (sender.hasNext()) {          // in the real sender: one packet per interval, from the pacer
 *     ByteBuf buf = alloc.buffer();
 *     sender.writeNext(buf, nextSequence());
 *     send(buf);
 * }
 * }</pre>
 *
 * With 100 ms and 50 ms at 8000 Hz the durations are 400 (marker), 800 (end), 800 (end), 800 (end). Events are
 * limited to 65535 timestamp units (8.19 s at 8000 Hz); longer ones would need RFC 4733 segments. Used from one
 * event loop; writing allocates nothing.
 */
public final class DtmfSender {

    /** End packets sent per event; repeated because any one of them may be lost. */
    public static final int END_PACKETS = 3;
    /** Volume used unless another is given: -10 dBm0. */
    public static final int DEFAULT_VOLUME = 10;

    private final int payloadType;
    private final long ssrc;
    private final int volume;
    private final int clockRate;
    private int event;
    private long timestamp;
    private int totalUnits;
    private int intervalUnits;
    private int sent;
    private int remaining;

    /** A sender for the 8000 Hz telephone-event clock at the default volume. */
    public DtmfSender(int payloadType, long ssrc) {
        this(payloadType, ssrc, DEFAULT_VOLUME, DtmfReceiver.DEFAULT_CLOCK_RATE);
    }

    /**
     * @param payloadType negotiated telephone-event payload type (often 101)
     * @param ssrc        SSRC of the stream the events are part of
     * @param volume      power level in -dBm0, 0..63
     * @param clockRate   telephone-event clock rate
     */
    public DtmfSender(int payloadType, long ssrc, int volume, int clockRate) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType must be 0..127: " + payloadType);
        }
        if (volume < 0 || volume > 63) {
            throw new IllegalArgumentException("volume must be 0..63: " + volume);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0: " + clockRate);
        }
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.volume = volume;
        this.clockRate = clockRate;
    }

    /**
     * Begins a key press, replacing any that has not been fully sent.
     *
     * @param digit          the key and how long it is held ({@link DtmfDigit#durationMillis()}, at least 1 ms)
     * @param timestamp      RTP timestamp of the event start (the media clock at the moment the key goes down)
     * @param intervalMillis time between packets, at least 1 ms (50 ms is customary)
     */
    public void start(DtmfDigit digit, long timestamp, int intervalMillis) {
        int durationMillis = digit.durationMillis();
        if (durationMillis <= 0 || intervalMillis <= 0) {
            throw new IllegalArgumentException("duration and interval must be > 0: " + durationMillis + ", "
                    + intervalMillis);
        }
        long units = (long) durationMillis * clockRate / 1000;
        if (units > TelephoneEvent.MAX_DURATION) {
            throw new IllegalArgumentException("event longer than 65535 timestamp units: " + durationMillis + " ms");
        }
        if (timestamp < 0 || timestamp > 0xffff_ffffL) {
            throw new IllegalArgumentException("timestamp must be an unsigned 32-bit value: " + timestamp);
        }
        this.event = digit.eventCode();
        this.timestamp = timestamp;
        this.totalUnits = Math.max(1, (int) units);
        this.intervalUnits = Math.max(1, intervalMillis * clockRate / 1000);
        this.sent = 0;
        int updates = (totalUnits + intervalUnits - 1) / intervalUnits; // the last one is the first end packet
        this.remaining = updates + END_PACKETS - 1;
    }

    /** Whether packets of the current key press remain to be sent. */
    public boolean hasNext() {
        return remaining > 0;
    }

    /** Packets of the current key press still to be sent. */
    public int remaining() {
        return remaining;
    }

    /**
     * Writes the next RTP packet of the current key press.
     *
     * @param dst      destination, written at its writer index
     * @param sequence the stream's next RTP sequence number
     * @return bytes written (16)
     * @throws IllegalStateException when no packet remains
     */
    public int writeNext(ByteBuf dst, int sequence) {
        if (remaining == 0) {
            throw new IllegalStateException("no telephone-event packet left to send");
        }
        int duration = (int) Math.min(totalUnits, (long) (sent + 1) * intervalUnits);
        boolean end = duration >= totalUnits;
        dst.ensureWritable(RtpParser.FIXED_HEADER_BYTES + TelephoneEvent.BYTES);
        RtpWriter.writeHeader(dst, sent == 0, payloadType, sequence, timestamp, ssrc);
        TelephoneEvent.write(dst, event, end, volume, duration);
        sent++;
        remaining--;
        return RtpParser.FIXED_HEADER_BYTES + TelephoneEvent.BYTES;
    }
}
