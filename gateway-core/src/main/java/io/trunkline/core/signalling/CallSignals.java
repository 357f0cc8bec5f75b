package io.trunkline.core.signalling;

import io.trunkline.core.media.MediaOffer;

/**
 * In-dialog events of one call, from the SIP adapter to the call bridge. Called on SIP listener threads; the
 * implementation hands each event to the call's loop. {@code nanos} is the monotonic time the event happened.
 */
public interface CallSignals {

    /** ACK for our 200 OK. */
    void onAck(long nanos);

    /** BYE from the caller (already answered 200 by the adapter). */
    void onBye(long nanos);

    /** CANCEL before answer (the adapter already sent 200 to the CANCEL; the bridge rejects the INVITE 487). */
    void onCancel(long nanos);

    /** A re-INVITE changed the media (already answered by the adapter). */
    void onMediaUpdate(MediaOffer offer);

    /** No ACK arrived for our 200 OK within the transaction timeout. */
    void onAckTimeout();

    /** Our BYE was answered (or timed out); {@code nanos} when the BYE went out. */
    void onByeSent(long nanos);

    /** The caller did not refresh the session (RFC 4028) before it expired: the call must end with BYE. */
    default void onSessionExpired() {
    }

    /**
     * The gateway, as the session refresher (RFC 4028), could not refresh: the caller answered its refresh 481 or
     * 408, did not answer, or the session ran out while refreshes were refused. The call must end with BYE.
     */
    default void onSessionRefreshFailed() {
        onSessionExpired();
    }

    /** The carrier accepted our REFER ({@code 202}): it is placing the transfer. */
    default void onTransferAccepted() {
    }

    /**
     * A NOTIFY about our REFER (already answered 200 by the adapter): the status line of its {@code message/sipfrag}
     * body ({@code 100 Trying}, {@code 180}, {@code 200 OK} once the transfer target answered, {@code 503 …} when it
     * failed), and whether the carrier ended the implicit subscription with it.
     */
    default void onTransferProgress(int status, String reason, boolean terminated) {
    }

    /**
     * Our REFER was refused ({@code status} 3xx-6xx; Twilio answers {@code 403} when the trunk does not allow
     * transfers), went unanswered ({@code 408}), or could not be sent ({@code 0}).
     */
    default void onTransferRefused(int status, String reason) {
    }
}
