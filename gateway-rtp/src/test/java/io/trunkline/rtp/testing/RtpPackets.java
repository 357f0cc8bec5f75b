package io.trunkline.rtp.testing;

import io.trunkline.rtp.codec.G711;

/** Builds RTP datagrams for tests byte by byte, independently of the production writer. */
public final class RtpPackets {

    public static final int PCMU = 0;
    public static final int EVENT = 101;

    private RtpPackets() {
    }

    /** A plain RTP packet (no CSRC, extension or padding). */
    public static byte[] rtp(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        p[2] = (byte) (sequence >>> 8);
        p[3] = (byte) sequence;
        putInt(p, 4, timestamp);
        putInt(p, 8, ssrc);
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    /** An RFC 4733 telephone-event payload. */
    public static byte[] event(int code, boolean end, int volume, int duration) {
        return new byte[] {(byte) code, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >>> 8),
            (byte) duration};
    }

    /** {@code samples} μ-law samples of a 1 kHz tone at 8 kHz, starting at sample {@code from}. */
    public static byte[] ulawTone(int from, int samples) {
        byte[] b = new byte[samples];
        for (int i = 0; i < samples; i++) {
            double s = 8000 * Math.sin(2 * Math.PI * 1000 * (from + i) / 8000.0);
            b[i] = G711.linearToUlaw((short) Math.round(s));
        }
        return b;
    }

    private static void putInt(byte[] p, int at, long v) {
        p[at] = (byte) (v >>> 24);
        p[at + 1] = (byte) (v >>> 16);
        p[at + 2] = (byte) (v >>> 8);
        p[at + 3] = (byte) v;
    }
}
