package io.trunkline.core.media;

/**
 * The SRTP crypto suites the gateway takes (RFC 4568 section 6.2): AES in counter mode with a 128-bit key and a
 * 112-bit salt, authenticated with HMAC-SHA1 cut to 80 or 32 bits. Both derive their session keys the same way
 * (RFC 3711 section 4.3) and send SRTCP with an 80-bit tag (RFC 4568 section 6.2.2); the 32-bit tag applies to
 * SRTP packets only.
 */
public enum SrtpSuite {
    AES_CM_128_HMAC_SHA1_80(10),
    AES_CM_128_HMAC_SHA1_32(4);

    /** Master key length, in bytes. */
    public static final int MASTER_KEY_BYTES = 16;
    /** Master salt length, in bytes. */
    public static final int MASTER_SALT_BYTES = 14;
    /** The key and salt concatenated, as SDES carries them. */
    public static final int MASTER_KEY_SALT_BYTES = MASTER_KEY_BYTES + MASTER_SALT_BYTES;
    /** The SRTCP authentication tag of both suites. */
    public static final int SRTCP_AUTH_TAG_BYTES = 10;
    /** Session authentication key length (HMAC-SHA1), in bytes. */
    public static final int AUTH_KEY_BYTES = 20;

    private final int srtpAuthTagBytes;

    SrtpSuite(int srtpAuthTagBytes) {
        this.srtpAuthTagBytes = srtpAuthTagBytes;
    }

    /** The SRTP authentication tag length, in bytes. */
    public int srtpAuthTagBytes() {
        return srtpAuthTagBytes;
    }

    /** The suite's name in SDP ({@code AES_CM_128_HMAC_SHA1_80}). */
    public String sdpName() {
        return name();
    }

    /** The suite named {@code name} in an {@code a=crypto} line (case-sensitive, as RFC 4568 registers them). */
    public static SrtpSuite bySdpName(String name) {
        for (SrtpSuite s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
