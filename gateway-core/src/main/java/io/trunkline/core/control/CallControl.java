package io.trunkline.core.control;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.config.TransferMode;

/**
 * What operators and their applications may do to calls (the call-control API, the Twilio-compatible Calls
 * resource, an agent platform's server messages). Implemented by the call bridge. Every method returns at once: the
 * work happens on the call's loop and its effect is visible in the call's state and, when it ends, its record.
 * Refusals are {@link CallControlException}s whose {@link CallControlException.Kind} maps to an HTTP status.
 */
public interface CallControl {

    /** Places an outbound call through the termination trunk; returns the new call's gateway id at once. */
    String place(OutboundRequest request) throws CallControlException;

    /** Ends a call: BYE when answered, CANCEL while an outbound call rings, a final response before an answer. */
    void hangup(String callId) throws CallControlException;

    /** Sends {@code digits} ({@code 0-9 * # A-D}) to the carrier-side party as RFC 4733 events. */
    void sendDtmf(String callId, String digits) throws CallControlException;

    /** Hands the carrier-side party over to {@code request}'s destination ({@code mode} null: the configured one). */
    void transfer(String callId, TransferRequest request, TransferMode mode) throws CallControlException;
}
