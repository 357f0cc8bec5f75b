package io.trunkline.sip.uas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.signalling.CallSignals;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredSignalsTest {

    /** Records events as strings. */
    static final class Recorder implements CallSignals {
        final List<String> events = new ArrayList<>();

        @Override
        public void onAck(long nanos) {
            events.add("ack" + nanos);
        }

        @Override
        public void onBye(long nanos) {
            events.add("bye" + nanos);
        }

        @Override
        public void onCancel(long nanos) {
            events.add("cancel" + nanos);
        }

        @Override
        public void onMediaUpdate(MediaOffer offer) {
            events.add("media");
        }

        @Override
        public void onAckTimeout() {
            events.add("ackTimeout");
        }

        @Override
        public void onByeSent(long nanos) {
            events.add("byeSent" + nanos);
        }

        @Override
        public void onSessionExpired() {
            events.add("sessionExpired");
        }

        @Override
        public void onSessionRefreshFailed() {
            events.add("refreshFailed");
        }
    }

    @Test
    void eventsBeforeAttachAreReplayedInOrderThenDeliveredDirectly() {
        DeferredSignals deferred = new DeferredSignals();
        deferred.onAck(1);
        deferred.onAckTimeout();
        Recorder recorder = new Recorder();
        deferred.attach(recorder);
        assertEquals(List.of("ack1", "ackTimeout"), recorder.events);
        deferred.onBye(2);
        deferred.onByeSent(3);
        assertEquals(List.of("ack1", "ackTimeout", "bye2", "byeSent3"), recorder.events);
    }

    @Test
    void sessionTimerEndingsKeepTheirOwnMeaning() {
        DeferredSignals deferred = new DeferredSignals();
        deferred.onSessionRefreshFailed();
        Recorder recorder = new Recorder();
        deferred.attach(recorder);
        deferred.onSessionExpired();
        assertEquals(List.of("refreshFailed", "sessionExpired"), recorder.events);
    }

    @Test
    void aSinkThatKnowsOnlyExpiryEndsTheCallOnAFailedRefreshToo() {
        List<String> events = new ArrayList<>();
        CallSignals expiryOnly = new CallSignals() {
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

            @Override
            public void onSessionExpired() {
                events.add("sessionExpired");
            }
        };
        DeferredSignals deferred = new DeferredSignals();
        deferred.attach(expiryOnly);
        deferred.onSessionRefreshFailed();
        assertEquals(List.of("sessionExpired"), events);
    }

    @Test
    void nullSinkSwallowsEvents() {
        DeferredSignals deferred = new DeferredSignals();
        deferred.onCancel(1);
        deferred.attach(null);
        deferred.onBye(2); // must not throw
    }
}
