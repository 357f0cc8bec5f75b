package io.trunkline.sip.stack;

import java.time.Duration;
import java.util.Objects;

/**
 * Stack settings that are not part of the operator's configuration.
 *
 * @param ackTimeoutFactor         how many T1 intervals (500 ms) to wait for the ACK of a 200 OK before reporting
 *                                 that it never came; RFC 3261 uses 64 (32 s)
 * @param stopTimeout              how long {@code stop()} waits for the stack's own threads
 * @param listenerResponseSeconds  how long a stack thread may wait for another thread that holds the same
 *                                 transaction (our listener never blocks, so this is short)
 */
public record StackTuning(int ackTimeoutFactor, Duration stopTimeout, int listenerResponseSeconds) {

    public static final StackTuning DEFAULTS = new StackTuning(64, Duration.ofSeconds(5), 5);

    public StackTuning {
        if (ackTimeoutFactor < 1 || ackTimeoutFactor > 1024) {
            throw new IllegalArgumentException("ackTimeoutFactor must be 1..1024: " + ackTimeoutFactor);
        }
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("stopTimeout must be positive: " + stopTimeout);
        }
        if (listenerResponseSeconds < 1) {
            throw new IllegalArgumentException("listenerResponseSeconds must be positive: " + listenerResponseSeconds);
        }
    }
}
