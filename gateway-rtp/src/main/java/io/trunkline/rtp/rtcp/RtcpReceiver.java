package io.trunkline.rtp.rtcp;

import io.netty.buffer.ByteBuf;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.rtcp.packet.RtcpParseResult;
import io.trunkline.rtp.rtcp.packet.RtcpParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The RTCP receive side of one leg: takes the carrier's compound packets from the media host only (the host our
 * RTP goes to, or the one its SDP names for RTCP), hands what they say to {@link FarEndReports}, and remembers
 * where they come from, since behind a NAT that is where ours must go. Every drop goes once to the call's
 * {@link DropObserver}; the datagram is borrowed. Single-threaded, on the call's loop.
 */
public final class RtcpReceiver {

    private final Supplier<InetSocketAddress> rtpTarget;
    private final FarEndReports farEnd;
    private final DropObserver drops;
    private InetSocketAddress remoteRtcp;
    private InetSocketAddress source;

    /**
     * @param rtpTarget  where our RTP currently goes (the SDP or latched address)
     * @param remoteRtcp the RTCP address of the carrier's SDP
     */
    public RtcpReceiver(Supplier<InetSocketAddress> rtpTarget, InetSocketAddress remoteRtcp, FarEndReports farEnd,
            DropObserver drops) {
        this.rtpTarget = rtpTarget;
        this.remoteRtcp = remoteRtcp;
        this.farEnd = farEnd;
        this.drops = drops;
    }

    /** One datagram from the RTCP channel. */
    public void onDatagram(ByteBuf datagram, InetSocketAddress sender, long arrivalNanos) {
        InetAddress from = sender.getAddress();
        if (!from.equals(rtpTarget.get().getAddress()) && !from.equals(remoteRtcp.getAddress())) {
            drops.dropped(DropReason.RTCP_SOURCE, 1);
            return;
        }
        RtcpParseResult result = RtcpParser.parse(datagram);
        if (!result.ok()) {
            drops.dropped(DropReason.RTCP_MALFORMED, 1);
            return;
        }
        source = sender;
        farEnd.onRtcp(result, arrivalNanos);
    }

    /** A re-INVITE names {@code remoteRtcp}. */
    public void retarget(InetSocketAddress remoteRtcp) {
        this.remoteRtcp = remoteRtcp;
    }

    /** Where our RTCP goes: where the carrier's comes from once it sent some (NAT), else its SDP address. */
    public InetSocketAddress target() {
        return source != null ? source : remoteRtcp;
    }
}
