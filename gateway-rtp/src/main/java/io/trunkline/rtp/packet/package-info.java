/**
 * RTP packets (RFC 3550 §5.1): {@link io.trunkline.rtp.packet.RtpParser} reads a header into a reusable
 * {@link io.trunkline.rtp.packet.RtpHeader} without allocating and without trusting the datagram;
 * {@link io.trunkline.rtp.packet.RtpWriter} builds packets.
 */
package io.trunkline.rtp.packet;
