package io.trunkline.core.signalling;

import io.trunkline.core.media.MediaOffer;

/**
 * The progress of one outbound call, from the SIP adapter to the call bridge; once answered, the dialog's events
 * arrive through the {@link CallSignals} methods as for an inbound call ({@link #onBye} when the callee hangs up,
 * {@link #onByeSent} when our BYE was answered, {@link #onMediaUpdate}). Called on SIP threads; the implementation
 * hands each event to the call's loop. {@code nanos} is the monotonic time the event happened.
 */
public interface OutboundEvents extends CallSignals {

    /** The first INVITE left at {@code nanos}: the origin of the call's SIP timings. */
    void onInviteSent(long nanos);

    /**
     * A response that does not end the INVITE: 100, 180, 183 (early media is not played, only timed), or a 401/407
     * challenge that the adapter answers with credentials.
     */
    void onResponse(int status, long nanos);

    /** The trunk answered 2xx with {@code media} (our offer's answer); the adapter has sent the ACK. */
    void onAnswered(MediaOffer media, long nanos);

    /**
     * The INVITE ended without an answer: {@code status} is the trunk's final response (300-699), 487 after our
     * CANCEL, 408 when the trunk never answered, or the 401/407 of a second challenge (credentials refused).
     */
    void onFailed(int status, String reason, long nanos);

    @Override
    default void onAck(long nanos) {
    }

    @Override
    default void onCancel(long nanos) {
    }

    @Override
    default void onAckTimeout() {
    }
}
