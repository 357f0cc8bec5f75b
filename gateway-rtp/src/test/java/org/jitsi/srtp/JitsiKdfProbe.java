package org.jitsi.srtp;

import java.security.GeneralSecurityException;

/**
 * Reaches the SRTP library's key derivation (package-private) so that it can be checked against RFC 3711's
 * Appendix B.3 vectors; tests only.
 */
public final class JitsiKdfProbe {
    private JitsiKdfProbe() {
    }

    /** The session key of {@code label} ({@code length} bytes) derived from a master key and salt. */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length)
            throws GeneralSecurityException {
        SrtpPolicy policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                10, 14);
        SrtpKdf kdf = new SrtpKdf(masterKey, masterSalt, policy);
        byte[] out = new byte[length];
        kdf.deriveSessionKey(out, (byte) label);
        return out;
    }
}
