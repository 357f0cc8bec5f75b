package io.trunkline.core.bridge;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.observe.DropReason;
import java.nio.ByteBuffer;

/**
 * The media of a bridged transfer once the target answered: the target's leg, opened in the caller's codec, and
 * the relay between it and the caller's leg. Each frame one leg receives is queued on the other, whose own pacer
 * sends it under its own SSRC, sequence numbers and timestamps; key presses cross as RFC 4733 events. A frame waits
 * for the next 20 ms tick of the pacer; when one arrives while the other leg still holds {@link #MAX_HELD_MILLIS}
 * (a late packet made the pacer fill a tick with silence, or the sender's clock runs fast), it is dropped
 * ({@link DropReason#RELAY_LATE}), so the relay's delay stays within one tick plus that bound instead of growing
 * with every such event. What the target's leg drops counts as the call's drops. Confined to the call's loop.
 */
final class TargetRelay implements MediaLegListener {

    /**
     * The most audio a leg may hold before relayed frames are dropped: a burst of five frames (packets held up in the
     * network and delivered at once) still passes whole.
     */
    static final int MAX_HELD_MILLIS = 100;

    private final BridgedTransfer.Context context;
    private final Runnable targetSilent;
    private MediaLeg target;
    private boolean relaying;

    /** {@code targetSilent} runs when no RTP came from the target within the inactivity timeout. */
    TargetRelay(BridgedTransfer.Context context, Runnable targetSilent) {
        this.context = context;
        this.targetSilent = targetSilent;
    }

    /**
     * Opens the target's leg on {@code ports} toward its answer, switches the caller's leg to its own codec and
     * starts relaying.
     *
     * @throws RuntimeException when the leg cannot be opened (the ports are then the caller's to release)
     */
    void open(MediaPorts ports, MediaOffer answer) {
        target = ports.open(answer, context.callerCodec(), this);
        context.caller().reformat(context.callerCodec());
        target.start();
        relaying = true;
    }

    /** One frame of the caller's audio, in the caller's codec, toward the target. */
    void callerAudio(ByteBuffer frame) {
        if (relaying) {
            relay(frame, target);
        }
    }

    /** A key the caller pressed, toward the target. */
    void callerDtmf(DtmfDigit digit) {
        if (relaying && !target.sendDtmf(String.valueOf(digit.digit()))) {
            context.log().debug("transfer: DTMF {} not relayed to the target", digit.digit());
        }
    }

    /** A re-INVITE from the target changed its media. */
    void update(MediaOffer offer) {
        if (relaying) {
            target.update(offer);
        }
    }

    /** Stops relaying and closes the target's leg. Idempotent. */
    void close() {
        relaying = false;
        if (target != null) {
            target.close();
        }
    }

    /** The target leg's figures, empty when it never opened. */
    MediaStats stats() {
        return target == null ? MediaStats.EMPTY : target.stats();
    }

    @Override
    public void onCallerAudio(ByteBuffer frame) {
        if (relaying) {
            relay(frame, context.caller());
        }
    }

    private void relay(ByteBuffer frame, MediaLeg to) {
        if (to.queuedMillis() >= MAX_HELD_MILLIS) {
            context.drops().dropped(DropReason.RELAY_LATE, 1);
        } else {
            to.play(frame); // what does not fit is counted by that leg
        }
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
        if (relaying) {
            context.caller().sendDtmf(String.valueOf(digit.digit()));
        }
    }

    @Override
    public void onInactivity() {
        if (relaying) {
            context.log().warn("transfer: no RTP from the target within the inactivity timeout");
            relaying = false;
            targetSilent.run();
        }
    }

    @Override
    public void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
        // the target's leg plays the caller's audio, not an agent's: nothing to time
    }

    @Override
    public void onMarkPlayed(String name) {
        // nothing places marks on the target's leg
    }

    @Override
    public void dropped(DropReason reason, long count) {
        context.drops().dropped(reason, count);
    }
}
