package io.trunkline.sip.sdp;

/**
 * One {@code m=} line of an offer, as far as the answer needs it: the answer has one {@code m=} line for each
 * offered one, in the same order (RFC 3264 §6), and rejects the streams it does not use with port 0.
 *
 * @param media        media type ({@code audio}, {@code video}, ...)
 * @param protocol     transport protocol ({@code RTP/AVP}, ...)
 * @param firstFormat  the first offered format, echoed when the stream is rejected
 */
public record MediaLine(String media, String protocol, String firstFormat) {
}
