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
}
