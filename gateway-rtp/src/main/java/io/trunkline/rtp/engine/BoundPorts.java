package io.trunkline.rtp.engine;

import io.netty.channel.socket.DatagramChannel;

/** A port pair with its RTP and RTCP channels registered on the call's loop and bound, not yet reading. */
record BoundPorts(PortPair pair, DatagramChannel rtp, DatagramChannel rtcp) {
}
