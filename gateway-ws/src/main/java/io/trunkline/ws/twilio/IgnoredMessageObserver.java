package io.trunkline.ws.twilio;

/**
 * Told of every agent message the Twilio Media Streams format ignores, for metrics. Called on the call's loop:
 * implementations must be cheap, thread-safe and never block.
 */
@FunctionalInterface
public interface IgnoredMessageObserver {

    /** Observes nothing. */
    IgnoredMessageObserver NONE = reason -> {
    };

    void ignored(IgnoredMessage reason);
}
