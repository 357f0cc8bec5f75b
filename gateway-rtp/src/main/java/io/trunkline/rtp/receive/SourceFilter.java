package io.trunkline.rtp.receive;

import java.net.InetSocketAddress;

/**
 * Decides which source may send us RTP and where we send ours (symmetric RTP).
 *
 * <p>Without latching only the address in the SDP is accepted. With latching (needed when the carrier's media
 * comes through a NAT) any source is accepted until the first valid RTP packet, whose source then becomes the
 * only one accepted and the target of our packets, until a re-INVITE names a new address.
 */
public final class SourceFilter {

    private final boolean latching;
    private InetSocketAddress expected;
    private InetSocketAddress latched;

    public SourceFilter(InetSocketAddress remoteRtp, boolean latching) {
        this.expected = remoteRtp;
        this.latching = latching;
    }

    /** Whether a datagram from {@code source} may be processed further. */
    public boolean admits(InetSocketAddress source) {
        if (latched != null) {
            return latched.equals(source);
        }
        return latching || expected.equals(source);
    }

    /** Called for each valid RTP packet: the first one latches its source (when latching is on). */
    public void onValidPacket(InetSocketAddress source) {
        if (latching && latched == null) {
            latched = source;
        }
    }

    /** A re-INVITE: a new address forgets the latched one; the same address keeps it. */
    public void retarget(InetSocketAddress remoteRtp) {
        if (!remoteRtp.equals(expected)) {
            expected = remoteRtp;
            latched = null;
        }
    }

    /** Where our RTP goes: the latched source once there is one, else the address in the SDP. */
    public InetSocketAddress target() {
        return latched != null ? latched : expected;
    }
}
