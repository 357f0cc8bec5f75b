package io.trunkline.rtp.playout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.rtp.dtmf.DtmfSender;
import java.util.ArrayDeque;

/**
 * Digits waiting to be sent to the caller as RFC 4733 telephone-events, and the one being sent. The {@link Pacer}
 * asks at each 20 ms step whether the step belongs to an event; if so the step's packet is the event's next one
 * (same sequence number space, the event timestamp being the step's), otherwise audio goes out as usual. Each key
 * is {@value #TONE_MILLIS} ms long, its end packet sent {@value DtmfSender#END_PACKETS} times on consecutive
 * steps, and the next key starts {@value #GAP_MILLIS} ms after the tone ended. Single-threaded, on the call's loop.
 */
public final class DtmfPlayout {

    /** How long each key is held. */
    public static final int TONE_MILLIS = 100;
    /** Silence between two keys, from the end of one tone to the start of the next (at least). */
    public static final int GAP_MILLIS = 60;
    /** Digits that may wait at once; more are refused. */
    public static final int MAX_PENDING = 64;
    /** A playout for a stream without telephone-events: it refuses every digit. */
    public static final DtmfPlayout NONE = new DtmfPlayout(-1, 0);

    private static final int STEP_MILLIS = (int) (Pacer.PERIOD_NANOS / 1_000_000);
    /** Audio steps between the last end packet and the next key: the end repeats already count as gap. */
    private static final int GAP_STEPS = Math.max(0,
            (GAP_MILLIS + STEP_MILLIS - 1) / STEP_MILLIS - (DtmfSender.END_PACKETS - 1));

    private final DtmfSender sender;
    private final ArrayDeque<Character> pending = new ArrayDeque<>();
    private final byte[] packet = new byte[32];
    private final ByteBuf writer = Unpooled.wrappedBuffer(packet);
    private int gapSteps;
    private long eventsSent;

    /**
     * @param payloadType the telephone-event payload type the offer named, or -1 when it named none
     * @param ssrc        the SSRC of the stream the events belong to
     */
    public DtmfPlayout(int payloadType, long ssrc) {
        this.sender = payloadType < 0 ? null : new DtmfSender(payloadType, ssrc);
    }

    /**
     * Queues {@code digits} ({@code 0-9 * # A-D}); false, queuing none of them, when the stream has no
     * telephone-event payload type or more than {@link #MAX_PENDING} digits would wait.
     *
     * @throws IllegalArgumentException when a character is not a DTMF key
     */
    public boolean queue(String digits) {
        if (sender == null || pending.size() + digits.length() > MAX_PENDING) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            new DtmfDigit(digits.charAt(i), TONE_MILLIS); // checks the key before any is queued
        }
        for (int i = 0; i < digits.length(); i++) {
            pending.add(digits.charAt(i));
        }
        return true;
    }

    /** Digits queued and not yet started. */
    public int pending() {
        return pending.size();
    }

    /** Keys whose events have been fully sent. */
    public long eventsSent() {
        return eventsSent;
    }

    /**
     * Whether the step whose RTP timestamp is {@code timestamp} carries an event packet; starts the next key when
     * one waits and the gap after the previous one has passed.
     */
    boolean takesStep(long timestamp) {
        if (sender == null) {
            return false;
        }
        if (sender.hasNext()) {
            return true;
        }
        if (gapSteps > 0) {
            gapSteps--;
            return false;
        }
        Character next = pending.poll();
        if (next == null) {
            return false;
        }
        sender.start(new DtmfDigit(next, TONE_MILLIS), timestamp, STEP_MILLIS);
        return true;
    }

    /**
     * Writes the current event's next packet, whole, with {@code sequence}; returns its length in
     * {@link #packet()}. Call only after {@link #takesStep} said yes.
     */
    int writeNext(int sequence) {
        writer.clear();
        int length = sender.writeNext(writer, sequence);
        if (!sender.hasNext()) {
            gapSteps = GAP_STEPS;
            eventsSent++;
        }
        return length;
    }

    /** The packet {@link #writeNext} wrote (borrowed: overwritten by the next one). */
    byte[] packet() {
        return packet;
    }
}
