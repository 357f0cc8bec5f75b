package io.trunkline.metrics;

import io.micrometer.core.instrument.Counter;
import io.trunkline.core.observe.SignallingObserver;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts refused SIP requests in {@code gateway.sip.refused{reason, action}}. Every series is registered at zero
 * up front, so alerts on {@code rate()} work before the first refusal; counting is a map lookup and an increment.
 */
public final class MicrometerSignallingObserver implements SignallingObserver {
    private final Map<Refusal, Counter> answered = new EnumMap<>(Refusal.class);
    private final Map<Refusal, Counter> dropped = new EnumMap<>(Refusal.class);

    public MicrometerSignallingObserver(GatewayMeters meters) {
        for (Refusal reason : Refusal.values()) {
            String tag = reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
            answered.put(reason, meters.sipRefused(tag, "answered"));
            dropped.put(reason, meters.sipRefused(tag, "dropped"));
        }
    }

    @Override
    public void refused(Refusal reason, boolean wasAnswered) {
        (wasAnswered ? answered : dropped).get(reason).increment();
    }
}
