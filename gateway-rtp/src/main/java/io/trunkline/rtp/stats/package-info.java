/**
 * Receive statistics of an RTP stream (RFC 3550 Appendix A): sequence validation and extended sequence numbers,
 * duplicates, reordering, loss and interarrival jitter, as {@link io.trunkline.rtp.stats.ReceiveStatistics} keeps
 * them and as our RTCP reports them.
 */
package io.trunkline.rtp.stats;
