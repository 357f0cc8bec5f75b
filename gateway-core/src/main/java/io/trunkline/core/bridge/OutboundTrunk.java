package io.trunkline.core.bridge;

import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.signalling.OutboundDialer;

/**
 * The termination trunk, once outbound calls are configured: its settings, the number checks (E.164, the allowed
 * prefixes), the pacing of INVITEs to its call rate, and the dialer. Shared by outbound calls and by bridged
 * transfers, so both count against the same trunk limit and the same toll-fraud guard. Thread-safe.
 */
record OutboundTrunk(OutboundConfig config, DialPolicy policy, DialPacer pacer, OutboundDialer dialer) {

    /**
     * What dialling {@code to} needs, from {@code from} (or the configured caller ID when null).
     *
     * @throws CallControlException INVALID when a number is not E.164 or no caller ID is known, FORBIDDEN when the
     *                              callee is outside {@code outbound.allowed-prefixes}
     */
    OutboundCall.Dial dialTo(String to, String from) throws CallControlException {
        return new OutboundCall.Dial(dialer, policy.callee(to), policy.caller(from), config.ringTimeout());
    }

    /**
     * What dialling a bridged transfer's target needs: {@code destination} an E.164 number (or its {@code tel:}
     * URI) within the allowed prefixes, from the configured caller ID.
     *
     * @throws CallControlException as {@link #dialTo}, and INVALID for a SIP URI (those go by REFER)
     */
    OutboundCall.Dial dialTransferTarget(String destination) throws CallControlException {
        String d = destination.trim();
        if (d.regionMatches(true, 0, "sip", 0, 3)) {
            throw new CallControlException(CallControlException.Kind.INVALID,
                    "bridged transfer dials E.164 numbers through the trunk; SIP URIs go by REFER");
        }
        return dialTo(d.replaceFirst("(?i)^tel:", ""), null);
    }

    /** Runs {@code dial} when the trunk's rate allows; false when too many dials already wait. */
    boolean submit(Runnable dial) {
        return pacer.submit(dial);
    }
}
