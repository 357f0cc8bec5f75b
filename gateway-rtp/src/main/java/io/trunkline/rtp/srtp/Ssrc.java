package io.trunkline.rtp.srtp;

/** Reads the 32-bit SSRC that RTP (offset 8) and RTCP (offset 4, the sender) carry. */
final class Ssrc {
    private Ssrc() {
    }

    static long at(PacketBuffer packet, int offset) {
        byte[] b = packet.getBuffer();
        return ((b[offset] & 0xffL) << 24) | ((b[offset + 1] & 0xffL) << 16) | ((b[offset + 2] & 0xffL) << 8)
                | (b[offset + 3] & 0xffL);
    }
}
