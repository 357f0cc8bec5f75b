package io.trunkline.rtp.srtp;

import io.trunkline.core.media.SrtpSuite;
import io.trunkline.core.rate.TokenBucket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;

/**
 * The crypto contexts that check what the carrier sends under its master key, one per SSRC it uses (each keeps
 * its own rollover counter and replay window, RFC 3711 section 3.2.3). A context for a new SSRC is kept only once
 * a packet of it authenticated, at most {@link #MAX_STREAMS} at a time (the least recently used goes), and new
 * SSRCs are tried at a bounded rate, so that forged packets with random SSRCs cost little. Confined to the call's
 * loop.
 */
final class ReceivingContexts {
    static final int MAX_STREAMS = 4;
    /** New SSRCs tried per second (and burst), per protocol. */
    static final int NEW_STREAMS_PER_SECOND = 5;

    private final SrtpSuite suite;
    private final byte[] keySalt;
    private final SrtpContextFactory factory;
    private final Map<Long, SrtpCryptoContext> rtp = lru();
    private final Map<Long, SrtcpCryptoContext> rtcp = lru();
    private final LongSupplier nanoClock;
    private final TokenBucket newRtpStreams;
    private final TokenBucket newRtcpStreams;

    ReceivingContexts(SrtpSuite suite, byte[] keySalt, LongSupplier nanoClock) {
        this.suite = suite;
        this.keySalt = keySalt.clone();
        this.factory = SrtpCrypto.factory(false, suite, keySalt);
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.newRtpStreams = new TokenBucket(NEW_STREAMS_PER_SECOND, NEW_STREAMS_PER_SECOND, now);
        this.newRtcpStreams = new TokenBucket(NEW_STREAMS_PER_SECOND, NEW_STREAMS_PER_SECOND, now);
    }

    /** Whether these contexts use {@code other} as master key and salt. */
    boolean uses(byte[] other) {
        return MessageDigest.isEqual(keySalt, other);
    }

    /** Checks and decrypts an SRTP packet in place; on failure the packet is left as it was. */
    SrtpVerdict unprotectRtp(PacketBuffer packet) {
        if (packet.getLength() < 12 + suite.srtpAuthTagBytes()) {
            return SrtpVerdict.AUTH;
        }
        long ssrc = Ssrc.at(packet, 8);
        try {
            SrtpCryptoContext known = rtp.get(ssrc);
            if (known != null) {
                return SrtpVerdict.of(known.reverseTransformPacket(packet, false));
            }
            if (!newRtpStreams.tryTake(nanoClock.getAsLong())) {
                return SrtpVerdict.REFUSED;
            }
            SrtpCryptoContext fresh = factory.deriveContext((int) ssrc, 0);
            SrtpVerdict v = SrtpVerdict.of(fresh.reverseTransformPacket(packet, false));
            if (v == SrtpVerdict.OK) {
                rtp.put(ssrc, fresh);
            }
            return v;
        } catch (GeneralSecurityException e) {
            return SrtpVerdict.AUTH;
        }
    }

    /** Checks and decrypts an SRTCP packet in place. */
    SrtpVerdict unprotectRtcp(PacketBuffer packet) {
        // header with the sender's SSRC, the E flag and SRTCP index, the tag
        if (packet.getLength() < 8 + 4 + SrtpSuite.SRTCP_AUTH_TAG_BYTES) {
            return SrtpVerdict.AUTH;
        }
        long ssrc = Ssrc.at(packet, 4);
        try {
            SrtcpCryptoContext known = rtcp.get(ssrc);
            if (known != null) {
                return SrtpVerdict.of(known.reverseTransformPacket(packet));
            }
            if (!newRtcpStreams.tryTake(nanoClock.getAsLong())) {
                return SrtpVerdict.REFUSED;
            }
            SrtcpCryptoContext fresh = factory.deriveControlContext((int) ssrc);
            SrtpVerdict v = SrtpVerdict.of(fresh.reverseTransformPacket(packet));
            if (v == SrtpVerdict.OK) {
                rtcp.put(ssrc, fresh);
            }
            return v;
        } catch (GeneralSecurityException e) {
            return SrtpVerdict.AUTH;
        }
    }

    /** Wipes the master key and forgets the streams. */
    void close() {
        factory.close();
        Arrays.fill(keySalt, (byte) 0);
        rtp.clear();
        rtcp.clear();
    }

    private static <V> Map<Long, V> lru() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > MAX_STREAMS;
            }
        };
    }
}
