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
 * sends it under its own SSRC, sequence numbers and timestamps; key presses cross as RFC 4733 events. What the
 * target's leg drops counts as the call's drops. Confined to the call's loop.
 */
final class TargetRelay implements MediaLegListener {

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
            target.play(frame); // what does not fit is counted by the target's leg
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
            context.caller().play(frame);
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
