package io.trunkline.core.record;

/**
 * SIP phases of a call, in milliseconds since the INVITE was received (monotonic clock); NaN (null in the JSON record) where the phase did
 * not happen.
 */
public record SipTimings(
        double trying,
        double ringing,
        double answered,
        double acked,
        double byeSent,
        double byeReceived) {

    public static final SipTimings NONE = new SipTimings(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);
}
