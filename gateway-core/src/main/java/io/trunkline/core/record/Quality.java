package io.trunkline.core.record;

/**
 * The call's estimated listening quality ({@link EModel}), per direction and overall; NaN (null in the JSON record) where a direction could
 * not be assessed (no media, or no RTCP report from the carrier for the outbound direction).
 *
 * @param mos         the worse of the two directions
 * @param rFactor     the E-model rating factor of that direction
 * @param inboundMos  caller to gateway: loss and jitter measured here
 * @param outboundMos gateway to caller: loss and jitter as the carrier reported them
 * @param delayMs     the one-way delay used: half the RTCP round trip (0 when unknown) plus gateway processing
 */
public record Quality(double mos, double rFactor, double inboundMos, double outboundMos, double delayMs) {

    public static final Quality NONE = new Quality(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Assesses a call from its media figures. */
    public static Quality of(RtpStreamStats inbound, FarEndStats farEnd, GatewayTimings gateway) {
        if (inbound == null || inbound.packets() == 0) {
            return NONE;
        }
        double network = farEnd != null && farEnd.rttMs() >= 0 ? farEnd.rttMs() / 2 : 0;
        double inDelay = network + measuredOrZero(gateway.inbound().p50Ms());
        double inR = EModel.rFactor(inDelay, inbound.jitterMeanMs(), inbound.lossFraction());
        double inMos = EModel.mos(inR);
        if (farEnd == null) {
            return new Quality(inMos, inR, inMos, Double.NaN, inDelay);
        }
        double outDelay = network + measuredOrZero(gateway.outbound().p50Ms());
        double outR = EModel.rFactor(outDelay, farEnd.jitterMeanMs(), farEnd.lossFraction());
        double outMos = EModel.mos(outR);
        return outR < inR
                ? new Quality(outMos, outR, inMos, outMos, outDelay)
                : new Quality(inMos, inR, inMos, outMos, inDelay);
    }

    /** A processing delay that was not measured (NaN) adds nothing. */
    private static double measuredOrZero(double millis) {
        return Double.isNaN(millis) ? 0 : Math.max(0, millis);
    }
}
