package io.trunkline.rtp.srtp;

import io.trunkline.core.media.SrtpSuite;
import java.util.logging.Level;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Turns a suite and a master key into Jitsi SRTP context factories. AES comes from the JDK's own provider
 * (SunJCE, with the CPU's AES instructions through HotSpot intrinsics) instead of Jitsi's start-up benchmark of
 * every provider it can find, so that no call waits for that benchmark and no native library is probed.
 */
final class SrtpCrypto {
    /** Jitsi logs at WARNING and above only (nothing it logs carries key material, and nothing per packet). */
    private static final Logger JITSI_LOG = new LoggerImpl(SrtpCrypto.class.getName(), Level.WARNING);

    static {
        Aes.setFactoryClassName(Aes.class.getName() + "$SunJCECipherFactory");
    }

    private SrtpCrypto() {
    }

    /**
     * A factory of the contexts of one direction.
     *
     * @param sender  true for the contexts that protect (our key), false for those that check (the carrier's)
     * @param keySalt master key followed by master salt
     */
    static SrtpContextFactory factory(boolean sender, SrtpSuite suite, byte[] keySalt) {
        byte[] key = new byte[SrtpSuite.MASTER_KEY_BYTES];
        byte[] salt = new byte[SrtpSuite.MASTER_SALT_BYTES];
        System.arraycopy(keySalt, 0, key, 0, key.length);
        System.arraycopy(keySalt, key.length, salt, 0, salt.length);
        SrtpPolicy srtp = policy(suite.srtpAuthTagBytes());
        SrtpPolicy srtcp = policy(SrtpSuite.SRTCP_AUTH_TAG_BYTES);
        return new SrtpContextFactory(sender, key, salt, srtp, srtcp, JITSI_LOG);
    }

    /** AES-CM with a 128-bit key and 112-bit salt, HMAC-SHA1 with a 160-bit key cut to {@code tagBytes}. */
    private static SrtpPolicy policy(int tagBytes) {
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, SrtpSuite.MASTER_KEY_BYTES,
                SrtpPolicy.HMACSHA1_AUTHENTICATION, SrtpSuite.AUTH_KEY_BYTES, tagBytes,
                SrtpSuite.MASTER_SALT_BYTES);
    }
}
