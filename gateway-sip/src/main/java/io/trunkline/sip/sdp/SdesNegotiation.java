package io.trunkline.sip.sdp;

import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.SrtpKeys;
import io.trunkline.core.media.SrtpSuite;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;

/**
 * SDES key exchange for one RTP/SAVP stream (RFC 4568 section 7.1): the answerer takes the first {@code a=crypto}
 * line it can use, and answers with the same tag and suite and a master key and salt of its own, fresh from a
 * {@link SecureRandom}. A stream none of whose lines can be used is not taken; the first reason found is kept for
 * the 488's Warning.
 */
public final class SdesNegotiation {
    /** Most {@code a=crypto} lines read per stream; more are ignored. */
    static final int MAX_CRYPTO_LINES = 16;

    private static final SecureRandom KEYS = new SecureRandom();

    private SdesNegotiation() {
    }

    /** The keys of a usable line, or why no line was usable. */
    record Outcome(SrtpKeys keys, String problem) {
    }

    static Outcome negotiate(List<String> cryptoLines) {
        return negotiate(cryptoLines, KEYS);
    }

    static Outcome negotiate(List<String> cryptoLines, Random keySource) {
        if (cryptoLines.isEmpty()) {
            return new Outcome(null, "RTP/SAVP offered without a=crypto (only SDES keying is supported)");
        }
        String problem = null;
        for (String line : cryptoLines) {
            String why;
            try {
                CryptoAttribute crypto = CryptoAttribute.parse(line);
                if (crypto.usable()) {
                    byte[] local = new byte[SrtpSuite.MASTER_KEY_SALT_BYTES];
                    keySource.nextBytes(local);
                    return new Outcome(new SrtpKeys(crypto.suite(), crypto.tag(), crypto.keySalt(), local), null);
                }
                why = crypto.unusableBecause();
            } catch (CryptoAttribute.Malformed e) {
                why = "malformed a=crypto: " + e.getMessage();
            }
            problem = problem == null ? why : problem;
        }
        return new Outcome(null, "no usable a=crypto: " + problem);
    }

    /**
     * The offer of a re-INVITE, keeping the gateway's key of {@code previous} when both are SRTP with the same
     * suite: the answer then repeats the key the carrier already decrypts with, and the crypto context (its
     * rollover counter) goes on (RFC 4568 section 7.1.4). Otherwise {@code next} as it is.
     */
    public static SdpOffer continuing(SdpOffer previous, SdpOffer next) {
        if (previous == null || !previous.isAccepted() || !next.isAccepted()) {
            return next;
        }
        MediaOffer before = previous.media();
        MediaOffer now = next.media();
        if (!before.encrypted() || !now.encrypted() || before.srtp().suite() != now.srtp().suite()) {
            return next;
        }
        return next.withMedia(now.withSrtp(now.srtp().withOutboundOf(before.srtp())));
    }
}
