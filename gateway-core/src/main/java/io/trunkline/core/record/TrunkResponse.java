package io.trunkline.core.record;

/**
 * One response of the trunk to an outbound call's INVITE, in the order received (a 407 challenge, 100, 180, 183,
 * the final one).
 *
 * @param status    the SIP status
 * @param millis    milliseconds since the first INVITE was sent (monotonic clock)
 */
public record TrunkResponse(int status, double millis) {
}
