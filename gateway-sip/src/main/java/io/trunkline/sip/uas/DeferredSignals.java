package io.trunkline.sip.uas;

import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.CallSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The call's event sink before and after the bridge returned its {@link CallSignals}: an ACK or CANCEL can
 * arrive on another stack thread while {@code onInvite} is still running, so events are kept in order until
 * the real sink is attached. Delivery happens under the lock; the bridge only enqueues, so that is cheap.
 */
final class DeferredSignals implements CallSignals {
    private static final CallSignals NONE = new CallSignals() {
        @Override
        public void onAck(long nanos) {
        }

        @Override
        public void onBye(long nanos) {
        }

        @Override
        public void onCancel(long nanos) {
        }

        @Override
        public void onMediaUpdate(MediaOffer offer) {
        }

        @Override
        public void onAckTimeout() {
        }

        @Override
        public void onByeSent(long nanos) {
        }
    };

    private CallSignals target;
    private List<Consumer<CallSignals>> pending = new ArrayList<>(2);

    /** Attaches the bridge's sink (null means the bridge wants no events) and replays what arrived before. */
    synchronized void attach(CallSignals signals) {
        target = signals == null ? NONE : signals;
        for (Consumer<CallSignals> event : pending) {
            event.accept(target);
        }
        pending = null;
    }

    private synchronized void deliver(Consumer<CallSignals> event) {
        if (target == null) {
            pending.add(event);
        } else {
            event.accept(target);
        }
    }

    @Override
    public void onAck(long nanos) {
        deliver(s -> s.onAck(nanos));
    }

    @Override
    public void onBye(long nanos) {
        deliver(s -> s.onBye(nanos));
    }

    @Override
    public void onCancel(long nanos) {
        deliver(s -> s.onCancel(nanos));
    }

    @Override
    public void onMediaUpdate(MediaOffer offer) {
        deliver(s -> s.onMediaUpdate(offer));
    }

    @Override
    public void onAckTimeout() {
        deliver(CallSignals::onAckTimeout);
    }

    @Override
    public void onByeSent(long nanos) {
        deliver(s -> s.onByeSent(nanos));
    }

    @Override
    public void onSessionExpired() {
        deliver(CallSignals::onSessionExpired);
    }

    @Override
    public void onSessionRefreshFailed() {
        deliver(CallSignals::onSessionRefreshFailed);
    }

    @Override
    public void onTransferAccepted() {
        deliver(CallSignals::onTransferAccepted);
    }

    @Override
    public void onTransferProgress(int status, String reason, boolean terminated) {
        deliver(s -> s.onTransferProgress(status, reason, terminated));
    }

    @Override
    public void onTransferRefused(int status, String reason) {
        deliver(s -> s.onTransferRefused(status, reason));
    }
}
