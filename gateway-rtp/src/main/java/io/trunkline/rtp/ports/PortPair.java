package io.trunkline.rtp.ports;

/**
 * One RTP/RTCP port pair: the even RTP port and the odd RTCP port right above it (RFC 3550 §11).
 *
 * @param rtpPort  the even port RTP is received on
 * @param rtcpPort {@code rtpPort + 1}
 */
public record PortPair(int rtpPort, int rtcpPort) {

    public PortPair {
        if (rtpPort % 2 != 0 || rtcpPort != rtpPort + 1) {
            throw new IllegalArgumentException("not an (even, even + 1) pair: " + rtpPort + "/" + rtcpPort);
        }
    }

    /** The pair whose RTP port is {@code rtpPort}. */
    public static PortPair of(int rtpPort) {
        return new PortPair(rtpPort, rtpPort + 1);
    }
}
