package io.trunkline.core.bridge;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.record.TransferLeg;
import io.trunkline.core.record.TrunkResponse;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.signalling.OutboundInvite;
import io.trunkline.core.signalling.OutboundLeg;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bridged transfer: the gateway dials the target through the termination trunk (paced and guarded as outbound
 * calls are), the caller hears {@link RingBack} meanwhile, and once the target answers the gateway relays between
 * the two legs as a B2BUA ({@link TargetRelay}), in the caller's codec: when both legs speak the same G.711 law
 * nothing is converted, otherwise one table lookup per byte. Either side's BYE ends both: the caller's through the call ({@link #end}), the target's through
 * {@link Progress#targetLeft}.
 *
 * <p>SIP events arrive on the adapter's threads and are handed to the call's loop; everything else runs there.
 */
final class BridgedTransfer implements OutboundEvents {

    /** What the call hears of the transfer's progress, on its loop. */
    interface Progress {
        /** The target answered: caller and target are bridged, the agent must go. */
        void answered();

        /**
         * The target was not reached: {@code status} is the trunk's final answer (487 after our CANCEL at the ring
         * timeout), 0 when no INVITE left. The caller's leg is back in the agent's format.
         */
        void failed(int status, String reason, boolean timedOut);

        /** The bridged target hung up or its media stopped: the call must end for {@code reason}. */
        void targetLeft(EndReason reason);
    }

    /** What a bridged transfer works with: the call's loop, media, formats and drop counter, and the trunk. */
    record Context(String callId, CallLoop loop, CallLog log, MediaLegFactory media, MediaLeg caller,
            AudioFormat callerCodec, AudioFormat agentFormat, DropObserver drops) {
    }

    private enum State { DIALLING, BRIDGED, OVER }

    private final Context context;
    private final OutboundCall.Dial dial;
    private final Progress progress;
    private final RingBack ringBack;
    private final List<TrunkResponse> responses = new ArrayList<>();
    private final long requestedNanos = System.nanoTime();
    private State state = State.DIALLING;
    private MediaPorts ports;
    private OutboundLeg leg;
    private final TargetRelay relay;
    private boolean targetOpen;
    private boolean callerReformatted;
    private CallLoop.Cancellable ringTimer;
    private long inviteNanos;
    private long answeredNanos;
    private long endedNanos;
    private String endedBy;

    BridgedTransfer(Context context, OutboundCall.Dial dial, Progress progress) {
        this.context = context;
        this.dial = dial;
        this.progress = progress;
        this.ringBack = new RingBack(context.loop(), context.caller());
        this.relay = new TargetRelay(context, this::targetSilent);
    }

    /**
     * Reserves the target leg's ports and starts the ring-back; {@code pacer} runs the dial when the trunk's rate
     * allows (on any thread). Reports {@link Progress#failed} when the ports or the trunk's queue are exhausted.
     */
    void start(Predicate<Runnable> pacer) {
        try {
            ports = context.media().reserve(context.callId() + "-transfer", context.loop());
        } catch (PortsExhaustedException | UnsupportedOperationException e) {
            fail(0, "no RTP port pair for the target: " + e.getMessage(), false);
            return;
        }
        ringBack.start();
        callerReformatted = true;
        if (!pacer.test(() -> context.loop().run(this::sendInvite))) {
            fail(0, "too many calls wait for the trunk (outbound.queue-size)", false);
        }
    }

    private void sendInvite() {
        if (state != State.DIALLING) {
            return;
        }
        inviteNanos = System.nanoTime();
        leg = dial.dialer().dial(new OutboundInvite(context.callId(), dial.to(), dial.from(),
                ports.localRtpAddress()), this);
        context.log().info("transfer: dialling {} from {} (SIP Call-ID {})", dial.to(), dial.from(), leg.sipCallId());
        ringTimer = context.loop().schedule(this::ringTimedOut, dial.ringTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void ringTimedOut() {
        ringTimer = null;
        if (state == State.DIALLING) {
            leg.hangup(EndReason.NO_ANSWER);
            fail(487, "no answer within " + dial.ringTimeout().toSeconds() + " s", true);
        }
    }

    /** The relay between caller and target; it relays only while they are bridged. */
    TargetRelay relay() {
        return relay;
    }

    /**
     * The call ends ({@code endedByCaller}: the caller's BYE): CANCEL toward a target still ringing, BYE toward a
     * bridged one that did not hang up itself, the target's media closed. Idempotent.
     */
    void end(EndReason reason, boolean endedByCaller) {
        State was = state;
        state = State.OVER;
        cancelRingTimer();
        ringBack.stop();
        if (was != State.OVER && leg != null) {
            leg.hangup(reason);
        }
        if (was == State.BRIDGED) {
            endedNanos = System.nanoTime();
            endedBy = endedByCaller ? "caller" : "gateway";
        }
        if (targetOpen) {
            relay.close();
        } else if (ports != null) {
            ports.release();
        }
    }

    /** The record's account of the target leg. */
    TransferLeg summary() {
        MediaStats stats = relay.stats();
        return new TransferLeg(leg == null ? null : leg.sipCallId(), dial.to(), dial.from(), responses,
                answeredNanos == 0 ? null : (answeredNanos - requestedNanos) / 1e6,
                answeredNanos == 0 ? null : ((endedNanos == 0 ? System.nanoTime() : endedNanos) - answeredNanos) / 1e6,
                endedBy, stats.inbound(), stats.outbound());
    }

    // ---- the INVITE's progress and the target's dialog, from SIP threads ----

    @Override
    public void onInviteSent(long nanos) {
        context.loop().run(() -> inviteNanos = nanos);
    }

    @Override
    public void onResponse(int status, long nanos) {
        context.loop().run(() -> responses.add(response(status, nanos)));
    }

    @Override
    public void onAnswered(MediaOffer media, long nanos) {
        context.loop().run(() -> answered(media, nanos));
    }

    @Override
    public void onFailed(int status, String reason, long nanos) {
        context.loop().run(() -> {
            responses.add(response(status, nanos));
            if (state == State.DIALLING) {
                fail(status, reason == null ? "" : reason, false);
            }
        });
    }

    @Override
    public void onBye(long nanos) {
        context.loop().run(() -> {
            if (state == State.BRIDGED) {
                context.log().info("transfer: the target hung up");
                state = State.OVER;
                endedNanos = nanos;
                endedBy = "target";
                progress.targetLeft(EndReason.TRANSFER_TARGET_HANGUP);
            }
        });
    }

    @Override
    public void onMediaUpdate(MediaOffer offer) {
        context.loop().run(() -> {
            if (state == State.BRIDGED) {
                relay.update(offer);
            }
        });
    }

    @Override
    public void onByeSent(long nanos) {
    }

    private void answered(MediaOffer media, long nanos) {
        responses.add(response(200, nanos));
        if (state != State.DIALLING) {
            return; // cancelled meanwhile: the adapter ends the dialog its 2xx made with a BYE
        }
        cancelRingTimer();
        ringBack.stop();
        try {
            relay.open(ports, media);
            targetOpen = true;
        } catch (RuntimeException e) {
            context.log().warn("transfer: the target's media leg failed to open: {}", e.toString());
            leg.hangup(EndReason.INTERNAL_ERROR);
            fail(0, "the target's media leg failed to open", false);
            return;
        }
        state = State.BRIDGED;
        answeredNanos = nanos;
        context.log().info("transfer: {} answered ({} ms after the request, {}); caller and target are bridged",
                dial.to(), Math.round((nanos - requestedNanos) / 1e6), media.codec());
        progress.answered();
    }

    private void fail(int status, String reason, boolean timedOut) {
        state = State.OVER;
        cancelRingTimer();
        ringBack.stop();
        if (callerReformatted) { // else the agent's audio still queued for the caller is left to play
            context.caller().reformat(context.agentFormat());
        }
        if (ports != null) {
            ports.release();
        }
        progress.failed(status, reason, timedOut);
    }

    private void targetSilent() {
        if (state == State.BRIDGED) {
            leg.hangup(EndReason.RTP_INACTIVITY);
            state = State.OVER;
            endedNanos = System.nanoTime();
            endedBy = "gateway";
            progress.targetLeft(EndReason.RTP_INACTIVITY);
        }
    }

    private TrunkResponse response(int status, long nanos) {
        return new TrunkResponse(status, inviteNanos == 0 ? 0 : (nanos - inviteNanos) / 1e6);
    }

    private void cancelRingTimer() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
    }
}
