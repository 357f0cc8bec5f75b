package io.trunkline.core.record;

/**
 * SIP phases of a call, in milliseconds since the INVITE was received (monotonic clock); -1 where the phase did
 * not happen.
 */
public record SipTimings(
        double trying,
        double ringing,
        double answered,
        double acked,
        double byeSent,
        double byeReceived) {

    public static final SipTimings NONE = new SipTimings(-1, -1, -1, -1, -1, -1);
}
