package io.trunkline.core.record;

import java.util.List;
import java.util.Objects;

/**
 * The gateway's second leg of a bridged transfer, toward the transfer target through the termination trunk: the
 * call record's account of it next to the caller's leg.
 *
 * @param sipCallId   the SIP Call-ID of the INVITE to the target, or null when none left
 * @param to          the number dialled, E.164
 * @param from        the caller ID presented
 * @param responses   the trunk's responses to the INVITE, in order
 * @param answeredMs  request → the target's 200, or null when it did not answer
 * @param relayedMs   how long the caller and the target were bridged, or null when they never were
 * @param endedBy     who ended the bridged call: {@code caller}, {@code target} or {@code gateway}; null when it was
 *                    never bridged
 * @param inbound     what the target sent us
 * @param outbound    what we sent the target (the caller's relayed audio)
 */
public record TransferLeg(
        String sipCallId,
        String to,
        String from,
        List<TrunkResponse> responses,
        Double answeredMs,
        Double relayedMs,
        String endedBy,
        RtpStreamStats inbound,
        RtpStreamStats outbound) {

    public TransferLeg {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        responses = List.copyOf(responses);
        inbound = inbound == null ? RtpStreamStats.EMPTY : inbound;
        outbound = outbound == null ? RtpStreamStats.EMPTY : outbound;
    }
}
