package io.trunkline.rtp.srtp;

import io.trunkline.core.media.SrtpSuite;

/**
 * Synthetic SRTP work, for the engine to run before the first call: the first crypto context of a JVM loads and
 * initialises the JCE providers the SRTP library asks for (about 0.7 s here), which must not happen on a call's
 * event loop while its pacer waits. A round protects and checks 50 RTP packets and 2 RTCP packets with throwaway
 * keys of both suites; nothing is sent anywhere.
 */
public final class SrtpWarmUp {
    private static final int PACKETS = 50;

    private SrtpWarmUp() {
    }

    /** One round. */
    public static void run() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            byte[] key = new byte[SrtpSuite.MASTER_KEY_SALT_BYTES];
            key[0] = (byte) suite.ordinal();
            SendingContexts sending = new SendingContexts(suite, key);
            ReceivingContexts receiving = new ReceivingContexts(suite, key, System::nanoTime);
            PacketBuffer packet = new PacketBuffer();
            byte[] rtp = new byte[12 + 160];
            rtp[0] = (byte) 0x80;
            for (int i = 0; i < PACKETS; i++) {
                rtp[2] = (byte) (i >> 8);
                rtp[3] = (byte) i;
                packet.load(rtp, 0, rtp.length);
                sending.protectRtp(packet);
                receiving.unprotectRtp(packet);
            }
            byte[] rtcp = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
            for (int i = 0; i < 2; i++) {
                packet.load(rtcp, 0, rtcp.length);
                sending.protectRtcp(packet);
                receiving.unprotectRtcp(packet);
            }
            sending.close();
            receiving.close();
        }
    }
}
