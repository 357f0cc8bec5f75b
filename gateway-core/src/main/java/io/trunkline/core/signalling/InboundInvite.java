package io.trunkline.core.signalling;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallParties;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A new INVITE as the SIP adapter understood it.
 *
 * @param parties        identities and carrier headers
 * @param media          the negotiated media, or null when negotiation failed
 * @param rejection      why the INVITE cannot be accepted (codec, malformed SDP, not SDP), or null
 * @param source         where the INVITE came from
 * @param receivedAt     wall-clock arrival
 * @param receivedNanos  monotonic arrival ({@link System#nanoTime()})
 * @param tryingNanos    monotonic time {@code 100 Trying} was sent, or 0
 */
public record InboundInvite(
        CallParties parties,
        MediaOffer media,
        EndReason rejection,
        InetSocketAddress source,
        Instant receivedAt,
        long receivedNanos,
        long tryingNanos) {

    public InboundInvite {
        Objects.requireNonNull(parties, "parties");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if ((media == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of media and rejection must be given");
        }
    }
}
