package io.trunkline.core.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP keys of one call as SDES negotiated them: the suite, the {@code a=crypto} tag the answer echoes, the
 * carrier's master key and salt (what it encrypts with, so what the gateway decrypts with) and the gateway's own
 * (what the gateway encrypts with, sent in the answer). Immutable; the arrays are copied in and out.
 *
 * <p>Key material never leaves this object by accident: {@link #toString()} names the suite and tag only, so a
 * media offer can be logged and recorded as it is.
 */
public final class SrtpKeys {
    private final SrtpSuite suite;
    private final int tag;
    private final byte[] inbound;
    private final byte[] outbound;

    /**
     * @param suite    the negotiated crypto suite
     * @param tag      the tag of the chosen {@code a=crypto} line (0 to 999999999)
     * @param inbound  the carrier's master key followed by its master salt (30 bytes)
     * @param outbound the gateway's master key followed by its master salt (30 bytes)
     */
    public SrtpKeys(SrtpSuite suite, int tag, byte[] inbound, byte[] outbound) {
        this.suite = Objects.requireNonNull(suite, "suite");
        if (tag < 0 || tag > 999_999_999) {
            throw new IllegalArgumentException("crypto tag out of range: " + tag);
        }
        this.tag = tag;
        this.inbound = checked(inbound, "inbound");
        this.outbound = checked(outbound, "outbound");
    }

    private static byte[] checked(byte[] keySalt, String name) {
        Objects.requireNonNull(keySalt, name);
        if (keySalt.length != SrtpSuite.MASTER_KEY_SALT_BYTES) {
            throw new IllegalArgumentException(name + " master key and salt must be "
                    + SrtpSuite.MASTER_KEY_SALT_BYTES + " bytes, not " + keySalt.length);
        }
        return keySalt.clone();
    }

    public SrtpSuite suite() {
        return suite;
    }

    public int tag() {
        return tag;
    }

    /** A copy of the carrier's master key and salt. */
    public byte[] inboundKeySalt() {
        return inbound.clone();
    }

    /** A copy of the gateway's master key and salt. */
    public byte[] outboundKeySalt() {
        return outbound.clone();
    }

    /** Whether the carrier's key is the one of {@code other} (a re-INVITE that kept it keeps the crypto context). */
    public boolean sameInbound(SrtpKeys other) {
        return other != null && suite == other.suite && Arrays.equals(inbound, other.inbound);
    }

    /** Whether the gateway's key is the one of {@code other}. */
    public boolean sameOutbound(SrtpKeys other) {
        return other != null && suite == other.suite && Arrays.equals(outbound, other.outbound);
    }

    /** The same keys with another carrier key (and tag), as a re-INVITE that keeps the gateway's key brings. */
    public SrtpKeys withOutboundOf(SrtpKeys previous) {
        return new SrtpKeys(suite, tag, inbound, previous.outbound);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeys k && suite == k.suite && tag == k.tag && Arrays.equals(inbound, k.inbound)
                && Arrays.equals(outbound, k.outbound);
    }

    @Override
    public int hashCode() {
        return Objects.hash(suite, tag);
    }

    /** The suite and tag; never the keys. */
    @Override
    public String toString() {
        return "SrtpKeys[" + suite.sdpName() + ", tag " + tag + ", keys hidden]";
    }
}
