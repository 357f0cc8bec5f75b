package io.trunkline.server;

/**
 * Netty settings the runnable gateway chooses when the operator has not: set before any Netty class is loaded,
 * never over a {@code -D} given on the command line.
 */
final class NettyDefaults {

    /**
     * Netty's leak detector samples one buffer in 128 by default and records a stack trace for each: about 0.7 % of
     * the gateway's CPU at 500 calls. One in 4096 still catches a leak on a per-frame path within seconds at that load.
     */
    static final String LEAK_SAMPLING_INTERVAL = "4096";

    private NettyDefaults() {
    }

    static void apply() {
        if (System.getProperty("io.netty.leakDetection.samplingInterval") == null) {
            System.setProperty("io.netty.leakDetection.samplingInterval", LEAK_SAMPLING_INTERVAL);
        }
    }
}
