package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.record.CallTimeline;
import io.trunkline.core.record.TimelineEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineLogTest {
    private static final long ORIGIN = 5_000_000_000L;
    private final TimelineLog log = new TimelineLog(ORIGIN);

    @Test
    void eventsAreInMillisecondsSinceTheInviteAndInTimeOrder() {
        log.span(TimelineEvent.TURN, ORIGIN + 2_000_000_000L, ORIGIN + 2_450_000_000L);
        log.instant(TimelineEvent.CALLER_SPEECH, ORIGIN + 1_000_000_000L);
        log.detail(TimelineEvent.DTMF, ORIGIN + 3_000_000_000L, 120, "4");
        List<TimelineEvent> events = log.events(List.of(new TimelineEvent(TimelineEvent.AGENT_CONNECT, 5, 80, null)));
        assertEquals(List.of(TimelineEvent.AGENT_CONNECT, TimelineEvent.CALLER_SPEECH, TimelineEvent.TURN,
                TimelineEvent.DTMF), events.stream().map(TimelineEvent::kind).toList());
        assertEquals(1000.0, events.get(1).atMs());
        assertTrue(Double.isNaN(events.get(1).durationMs()), "an instant");
        assertEquals(2000.0, events.get(2).atMs());
        assertEquals(450.0, events.get(2).durationMs(), 1e-9, "the turn's latency");
        assertEquals("4", events.get(3).detail());
    }

    @Test
    void aCallKeepsAtMostMaxEventsAndCountsTheRest() {
        for (int i = 0; i < CallTimeline.MAX_EVENTS + 7; i++) {
            log.instant(TimelineEvent.BARGE_IN, ORIGIN + i * 1_000_000L);
        }
        assertEquals(CallTimeline.MAX_EVENTS, log.events(List.of()).size());
        assertEquals(7, log.dropped());
    }
}
