/**
 * UDP ports for media: {@link io.trunkline.rtp.ports.RtpPortAllocator} hands out (even RTP, odd RTCP)
 * {@link io.trunkline.rtp.ports.PortPair}s from the configured range, least recently used first, and
 * {@link io.trunkline.rtp.ports.UdpChannelBinder} binds both channels of a pair on the call's loop
 * ({@link io.trunkline.rtp.ports.BoundPorts}).
 */
package io.trunkline.rtp.ports;
