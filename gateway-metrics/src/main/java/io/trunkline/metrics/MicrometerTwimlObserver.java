package io.trunkline.metrics;

import io.micrometer.core.instrument.Counter;
import io.trunkline.core.observe.TwimlObserver;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts TwiML agents' requests in {@code gateway.twiml.requests{kind, outcome}} and their status callbacks in
 * {@code gateway.twiml.status.callbacks{outcome}}. Every series is registered at zero up front, so alerts on
 * {@code rate()} work before the first failure; counting is a map lookup and an increment.
 */
public final class MicrometerTwimlObserver implements TwimlObserver {
    private final Map<RequestKind, Map<RequestOutcome, Counter>> requests = new EnumMap<>(RequestKind.class);
    private final Map<CallbackOutcome, Counter> callbacks = new EnumMap<>(CallbackOutcome.class);

    public MicrometerTwimlObserver(GatewayMeters meters) {
        for (RequestKind kind : RequestKind.values()) {
            Map<RequestOutcome, Counter> byOutcome = new EnumMap<>(RequestOutcome.class);
            for (RequestOutcome outcome : RequestOutcome.values()) {
                byOutcome.put(outcome, meters.twimlRequests(kind.tag(), outcome.tag()));
            }
            requests.put(kind, byOutcome);
        }
        for (CallbackOutcome outcome : CallbackOutcome.values()) {
            callbacks.put(outcome, meters.twimlStatusCallbacks(outcome.tag()));
        }
    }

    @Override
    public void request(RequestKind kind, RequestOutcome outcome) {
        requests.get(kind).get(outcome).increment();
    }

    @Override
    public void statusCallback(CallbackOutcome outcome) {
        callbacks.get(outcome).increment();
    }
}
