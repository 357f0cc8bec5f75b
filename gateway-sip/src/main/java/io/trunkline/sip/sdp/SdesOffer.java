package io.trunkline.sip.sdp;

import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.SrtpKeys;
import io.trunkline.core.media.SrtpSuite;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The SDES side of an SDP offer the gateway makes (RFC 4568 section 7.1.1), for calls toward a secure trunk: one
 * {@code a=crypto} line with the gateway's own master key and salt; the answer's line names the callee's. Holds key
 * material: {@link #toString()} never shows it.
 */
public final class SdesOffer {
    /** The tag of the one line offered. */
    static final int TAG = 1;
    /** The suite offered: the one every SRTP carrier takes. */
    static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
    private static final SecureRandom KEYS = new SecureRandom();

    private final byte[] keySalt;

    private SdesOffer(byte[] keySalt) {
        this.keySalt = keySalt;
    }

    /** An offer with a fresh key. */
    public static SdesOffer fresh() {
        byte[] keySalt = new byte[SrtpSuite.MASTER_KEY_SALT_BYTES];
        KEYS.nextBytes(keySalt);
        return new SdesOffer(keySalt);
    }

    /** The value of our {@code a=crypto} attribute. */
    String cryptoValue() {
        return CryptoAttribute.format(TAG, SUITE, keySalt);
    }

    /**
     * The answer's media with the call's keys: the callee's key from the answer (parsed as an offer would be: its
     * {@code a=crypto} gave the inbound key) and ours as offered; null when the answer took no SRTP, or another suite
     * or tag than the one offered.
     */
    public MediaOffer keyed(MediaOffer answer) {
        SrtpKeys theirs = answer.srtp();
        if (theirs == null || theirs.suite() != SUITE || theirs.tag() != TAG) {
            return null;
        }
        return answer.withSrtp(new SrtpKeys(SUITE, TAG, theirs.inboundKeySalt(), keySalt));
    }

    /** Whether {@code keys} send with the key this offer made. */
    boolean sendsWith(SrtpKeys keys) {
        return Arrays.equals(keys.outboundKeySalt(), keySalt);
    }

    @Override
    public String toString() {
        return "SdesOffer[" + SUITE.sdpName() + ", tag " + TAG + ", key hidden]";
    }
}
