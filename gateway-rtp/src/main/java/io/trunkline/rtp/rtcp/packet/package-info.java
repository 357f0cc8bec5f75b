/**
 * RTCP packets (RFC 3550 §6.4–6.6): sender and receiver reports with their report blocks, source descriptions,
 * BYE, NTP time; {@link io.trunkline.rtp.rtcp.packet.RtcpParser} reads compound datagrams without trusting them and
 * {@link io.trunkline.rtp.rtcp.packet.RtcpWriter} builds ours.
 */
package io.trunkline.rtp.rtcp.packet;
