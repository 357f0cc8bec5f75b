package io.trunkline.sip;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the call bridge: records every call and its events, and answers, rings or rejects from its own
 * thread (as the real bridge does from a call loop).
 */
final class FakeBridge implements InboundCallHandler, AutoCloseable {
    static final InetSocketAddress LOCAL_RTP = new InetSocketAddress("127.0.0.1", 40000);

    enum Mode { ANSWER, RING }

    volatile boolean accepting = true;
    volatile Mode mode = Mode.ANSWER;
    volatile Duration sessionExpires = Duration.ofMinutes(30);
    volatile Duration sessionMinExpires = Duration.ofSeconds(90);
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-bridge");
        t.setDaemon(true);
        return t;
    });

    /** One call as the bridge saw it. */
    final class Call implements CallSignals {
        final InboundInvite invite;
        final SignallingLeg leg;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<MediaOffer> updates = new CopyOnWriteArrayList<>();
        volatile long ackNanos;
        volatile long byeSentNanos;

        Call(InboundInvite invite, SignallingLeg leg) {
            this.invite = invite;
            this.leg = leg;
        }

        @Override
        public void onAck(long nanos) {
            ackNanos = nanos;
            events.add("ack");
        }

        @Override
        public void onBye(long nanos) {
            events.add("bye");
        }

        @Override
        public void onCancel(long nanos) {
            events.add("cancel");
            // The real bridge may reject the cancelled INVITE as well: that must be harmless.
            loop.execute(() -> leg.reject(487, "Request Terminated", 0));
        }

        @Override
        public void onMediaUpdate(MediaOffer offer) {
            updates.add(offer);
            events.add("media:" + offer.direction().sdpAttribute());
        }

        @Override
        public void onAckTimeout() {
            events.add("ackTimeout");
        }

        @Override
        public void onByeSent(long nanos) {
            byeSentNanos = nanos;
            events.add("byeSent");
        }

        @Override
        public void onSessionExpired() {
            events.add("sessionExpired");
            loop.execute(() -> leg.hangup(EndReason.SESSION_EXPIRED));
        }

        @Override
        public void onSessionRefreshFailed() {
            events.add("refreshFailed");
            loop.execute(() -> leg.hangup(EndReason.SESSION_REFRESH_FAILED));
        }
    }

    @Override
    public CallSignals onInvite(InboundInvite invite, SignallingLeg leg) {
        Call call = new Call(invite, leg);
        calls.add(call);
        Mode current = mode;
        loop.execute(() -> {
            if (invite.rejection() != null) {
                leg.reject(invite.rejection().unansweredSipStatus(), invite.rejection().description(), 0);
                return;
            }
            leg.ringing();
            if (current == Mode.ANSWER) {
                leg.answer(LOCAL_RTP, invite.media());
            }
        });
        return call;
    }

    @Override
    public boolean acceptingCalls() {
        return accepting;
    }

    @Override
    public Duration sessionExpires() {
        return sessionExpires;
    }

    @Override
    public Duration sessionMinExpires() {
        return sessionMinExpires;
    }

    /** The calls with this SIP Call-ID. */
    List<Call> calls(String callId) {
        List<Call> list = new ArrayList<>();
        for (Call c : calls) {
            if (callId.equals(c.invite.parties().sipCallId())) {
                list.add(c);
            }
        }
        return list;
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
