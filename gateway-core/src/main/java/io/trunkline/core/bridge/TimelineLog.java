package io.trunkline.core.bridge;

import io.trunkline.core.record.CallTimeline;
import io.trunkline.core.record.TimelineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The moments of one call that its timeline shows (turns, barge-ins, key presses, …), in milliseconds since the
 * INVITE. Bounded: beyond {@link CallTimeline#MAX_EVENTS} events are counted, not kept. Confined to the call's loop.
 */
final class TimelineLog {
    private final long originNanos;
    private final List<TimelineEvent> events = new ArrayList<>();
    private int dropped;

    /** @param originNanos when the INVITE was received (monotonic) */
    TimelineLog(long originNanos) {
        this.originNanos = originNanos;
    }

    void instant(String kind, long atNanos) {
        add(TimelineEvent.at(kind, millis(atNanos)));
    }

    void span(String kind, long startNanos, long endNanos) {
        add(new TimelineEvent(kind, millis(startNanos), Math.max(0, endNanos - startNanos) / 1e6, null));
    }

    void detail(String kind, long atNanos, double durationMs, String detail) {
        add(new TimelineEvent(kind, millis(atNanos), durationMs, detail));
    }

    /** Milliseconds from the INVITE to {@code nanos}. */
    double millis(long nanos) {
        return (nanos - originNanos) / 1e6;
    }

    private void add(TimelineEvent event) {
        if (events.size() < CallTimeline.MAX_EVENTS) {
            events.add(event);
        } else {
            dropped++;
        }
    }

    /** The events by time, with {@code extra} (facts known only at the end, such as the agent connection). */
    List<TimelineEvent> events(List<TimelineEvent> extra) {
        List<TimelineEvent> all = new ArrayList<>(extra);
        all.addAll(events);
        all.sort(Comparator.comparingDouble(TimelineEvent::atMs));
        return all;
    }

    int dropped() {
        return dropped;
    }
}
