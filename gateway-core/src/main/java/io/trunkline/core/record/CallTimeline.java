package io.trunkline.core.record;

import java.util.List;

/**
 * What a call's timeline shows beyond its SIP and agent timings: the moments of the conversation, in order, and
 * the media second by second.
 *
 * @param events        agent connect, the caller's first speech, turns, barge-ins, key presses and transfer
 *                      requests, by time; at most {@link #MAX_EVENTS}
 * @param eventsDropped events beyond {@link #MAX_EVENTS}, counted and not kept
 * @param media         the media series of the answered call
 */
public record CallTimeline(List<TimelineEvent> events, int eventsDropped, MediaSeries media) {

    /** The most events a call keeps. */
    public static final int MAX_EVENTS = 1000;

    public static final CallTimeline NONE = new CallTimeline(List.of(), 0, MediaSeries.NONE);

    public CallTimeline {
        events = List.copyOf(events);
        media = media == null ? MediaSeries.NONE : media;
    }
}
