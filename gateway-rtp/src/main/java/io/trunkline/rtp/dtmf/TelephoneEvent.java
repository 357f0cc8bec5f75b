package io.trunkline.rtp.dtmf;

import io.netty.buffer.ByteBuf;

/**
 * The 4-byte RFC 4733 telephone-event payload (§2.3): event code, end bit, volume and duration. The static readers
 * decode straight from a buffer, so the receive path need not create an instance per packet.
 *
 * @param event    event code 0..255 (0-15 are DTMF 0-9 * # A-D, 16 is flash)
 * @param end      whether this packet ends the event
 * @param volume   power level in -dBm0, 0..63
 * @param duration duration so far in timestamp units, 0..65535
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {

    /** Size of the payload. */
    public static final int BYTES = 4;
    /** Highest event code that is a DTMF key (16 = flash). */
    public static final int MAX_DTMF_EVENT = 16;
    /** Largest duration the 16-bit field can carry. */
    public static final int MAX_DURATION = 0xffff;

    public TelephoneEvent {
        check(event, 255, "event");
        check(volume, 63, "volume");
        check(duration, MAX_DURATION, "duration");
    }

    /**
     * Decodes the payload at absolute {@code index}.
     *
     * @return the event, or {@code null} when fewer than 4 bytes are available
     */
    public static TelephoneEvent parse(ByteBuf buf, int index, int length) {
        if (length < BYTES || buf.writerIndex() - index < BYTES) {
            return null;
        }
        return new TelephoneEvent(event(buf, index), end(buf, index), volume(buf, index), duration(buf, index));
    }

    /** Event code of the payload at {@code index}. */
    public static int event(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index);
    }

    /** End bit of the payload at {@code index}. */
    public static boolean end(ByteBuf buf, int index) {
        return (buf.getUnsignedByte(index + 1) & 0x80) != 0;
    }

    /** Volume of the payload at {@code index}. */
    public static int volume(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + 1) & 0x3f;
    }

    /** Duration of the payload at {@code index}. */
    public static int duration(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + 2);
    }

    /** Writes this payload at the writer index. @return bytes written (4) */
    public int write(ByteBuf dst) {
        return write(dst, event, end, volume, duration);
    }

    /** Writes a payload at the writer index without creating an instance. @return bytes written (4) */
    public static int write(ByteBuf dst, int event, boolean end, int volume, int duration) {
        check(event, 255, "event");
        check(volume, 63, "volume");
        check(duration, MAX_DURATION, "duration");
        dst.writeByte(event);
        dst.writeByte((end ? 0x80 : 0) | volume); // the R bit stays 0
        dst.writeShort(duration);
        return BYTES;
    }

    private static void check(int value, int max, String name) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ": " + value);
        }
    }
}
