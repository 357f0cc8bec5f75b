package io.trunkline.rtp.srtp;

import io.trunkline.core.media.SrtpSuite;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;

/**
 * The crypto contexts that protect what the gateway sends under its master key: one for its RTP stream and one
 * for its RTCP, for the SSRC the packets carry (the leg's own; a new SSRC would get new contexts). Confined to the
 * call's loop.
 */
final class SendingContexts {
    private final byte[] keySalt;
    private final SrtpContextFactory factory;
    private SrtpCryptoContext rtp;
    private long rtpSsrc = -1;
    private SrtcpCryptoContext rtcp;
    private long rtcpSsrc = -1;

    SendingContexts(SrtpSuite suite, byte[] keySalt) {
        this.keySalt = keySalt.clone();
        this.factory = SrtpCrypto.factory(true, suite, keySalt);
    }

    /** Whether these contexts use {@code other} as master key and salt. */
    boolean uses(byte[] other) {
        return MessageDigest.isEqual(keySalt, other);
    }

    /** Encrypts and authenticates an RTP packet in place. */
    SrtpVerdict protectRtp(PacketBuffer packet) {
        if (packet.getLength() < 12) {
            return SrtpVerdict.AUTH;
        }
        long ssrc = Ssrc.at(packet, 8);
        try {
            if (rtp == null || rtpSsrc != ssrc) {
                rtp = factory.deriveContext((int) ssrc, 0);
                rtpSsrc = ssrc;
            }
            return SrtpVerdict.of(rtp.transformPacket(packet));
        } catch (GeneralSecurityException e) {
            return SrtpVerdict.AUTH;
        }
    }

    /** Encrypts and authenticates a compound RTCP packet in place (SRTCP index, E flag and tag appended). */
    SrtpVerdict protectRtcp(PacketBuffer packet) {
        if (packet.getLength() < 8) {
            return SrtpVerdict.AUTH;
        }
        long ssrc = Ssrc.at(packet, 4);
        try {
            if (rtcp == null || rtcpSsrc != ssrc) {
                rtcp = factory.deriveControlContext((int) ssrc);
                rtcpSsrc = ssrc;
            }
            return SrtpVerdict.of(rtcp.transformPacket(packet));
        } catch (GeneralSecurityException e) {
            return SrtpVerdict.AUTH;
        }
    }

    /** Wipes the master key. */
    void close() {
        factory.close();
        Arrays.fill(keySalt, (byte) 0);
        rtp = null;
        rtcp = null;
    }
}
