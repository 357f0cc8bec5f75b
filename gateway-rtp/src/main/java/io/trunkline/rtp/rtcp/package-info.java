/**
 * RTCP of one leg (RFC 3550 §6): {@link io.trunkline.rtp.rtcp.RtcpReceiver} takes the carrier's reports from the
 * media host into {@link io.trunkline.rtp.rtcp.FarEndReports} (loss, jitter and round trip of our stream as the far
 * end sees it); {@link io.trunkline.rtp.rtcp.RtcpReporter} sends our SR/RR with SDES every 5 s on average, and BYE
 * at close, toward where the carrier's reports come from. The wire format is in
 * {@link io.trunkline.rtp.rtcp.packet}.
 */
package io.trunkline.rtp.rtcp;
