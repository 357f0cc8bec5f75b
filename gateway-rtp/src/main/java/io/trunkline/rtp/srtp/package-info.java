/**
 * SRTP and SRTCP (RFC 3711) for one media leg, keyed by SDES: a stage in each channel's pipeline, next to the
 * socket, that authenticates and decrypts a datagram before anything parses it, and encrypts and authenticates
 * what the pacer and the RTCP reporter wrote on its way out. The transform itself is Jitsi's {@code jitsi-srtp}
 * on the JDK's AES and HMAC-SHA1; this package owns the keys' life in a call, the per-SSRC crypto contexts and
 * the drops (authentication and replay failures are counted, logged at a bounded rate, and never end the call).
 */
package io.trunkline.rtp.srtp;
