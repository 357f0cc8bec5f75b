package io.trunkline.core.record;

import java.time.Instant;
import java.util.Objects;

/**
 * The transfer of a call to a human, as the call record tells it: the last one asked for, when there were several
 * (a failed transfer may be followed by another).
 *
 * @param trigger      who asked: {@code agent}, {@code api} or {@code vapi-server}
 * @param destination  where to, as given ({@code +15550001111} or a SIP URI)
 * @param referTo      the {@code Refer-To} URI sent, or null when no REFER went out
 * @param mode         {@code refer} or {@code bridge}
 * @param outcome      {@code transferred}, {@code refused} (the carrier refused the REFER), {@code failed} (a failure
 *                     NOTIFY, or the transfer could not be attempted), {@code timeout} (no final NOTIFY, or no answer from a bridged target, in time) or
 *                     {@code abandoned} (the call ended first)
 * @param status       the SIP status that decided it (the REFER's answer or the NOTIFY's sipfrag), or 0
 * @param reason       its reason phrase, or why the transfer could not be attempted; may be empty
 * @param attempts     transfers asked for during the call
 * @param requestedAt  when the transfer was asked for
 * @param acceptedMs   request → {@code 202 Accepted}, or null when the REFER was not accepted
 * @param completedMs  request → the outcome, or null while none
 * @param bridgedLeg   the gateway's leg to the target of a bridged transfer, or null for a REFER
 */
public record TransferSummary(
        String trigger,
        String destination,
        String referTo,
        String mode,
        String outcome,
        int status,
        String reason,
        int attempts,
        Instant requestedAt,
        Double acceptedMs,
        Double completedMs,
        TransferLeg bridgedLeg) {

    public TransferSummary {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }
}
