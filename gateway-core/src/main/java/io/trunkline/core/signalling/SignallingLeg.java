package io.trunkline.core.signalling;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import java.net.InetSocketAddress;

/**
 * The SIP side of one inbound call, implemented by the SIP adapter. Methods may be called from any thread and
 * return at once; SIP I/O happens on the adapter's own threads.
 */
public interface SignallingLeg {

    /** Sends {@code 180 Ringing}. */
    void ringing();

    /**
     * Sends {@code 200 OK} with an SDP answer for {@code offer}: the offer's codec and telephone-event payload
     * type, our RTP address, and the answering direction.
     */
    void answer(InetSocketAddress localRtp, MediaOffer offer);

    /** Sends a final error response to the INVITE ({@code retryAfterSeconds} 0 = no Retry-After header). */
    void reject(int status, String reason, int retryAfterSeconds);

    /** Sends {@code 302 Moved Temporarily} with {@code Contact: <uri>}, sending the caller elsewhere. */
    void redirect(String uri);

    /** Ends an answered call with BYE and a {@code Reason} header describing {@code reason}. */
    void hangup(EndReason reason);

    /**
     * Asks the carrier, by an in-dialog REFER (RFC 3515), to connect the caller to {@code referTo} (a {@code tel:}
     * or SIP URI) and leave the gateway out: a blind transfer. The carrier's answers come back through the call's
     * {@link CallSignals}: {@link CallSignals#onTransferAccepted}, {@link CallSignals#onTransferProgress} for each
     * NOTIFY, {@link CallSignals#onTransferRefused} when the REFER is refused, unanswered or cannot be sent. The
     * call stays up: ending it is the caller's of this method to decide.
     *
     * @param referredBy the {@code Referred-By} URI, or null for none
     * @throws UnsupportedOperationException when this leg cannot transfer
     */
    default void refer(String referTo, String referredBy) {
        throw new UnsupportedOperationException("this signalling leg cannot transfer calls");
    }
}
