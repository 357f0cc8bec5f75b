package io.trunkline.metrics.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.AgentTimings;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.core.record.SipTimings;
import io.trunkline.core.record.TurnStats;
import io.trunkline.metrics.TestRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallHistoryTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:30Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final TestClock clock = new TestClock();
    private final CallHistory history = new CallHistory(clock);

    private static CallRecord answered(String id, double setupMs, double firstSpeechMs, double turnP95Ms,
            double jitterMs, long packets, long lost) {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        return CallRecord.builder(id).startedAt(start).answeredAt(start.plusMillis((long) setupMs))
                .endedAt(start.plusSeconds(10)).durationMs(10_000)
                .sip(new SipTimings(1, 2, setupMs, setupMs + 20, Double.NaN, 10_000))
                .agent(new AgentTimings(300, 400, firstSpeechMs, Double.NaN, Double.NaN, 0, 0))
                .turns(new TurnStats(3, turnP95Ms / 2, turnP95Ms, turnP95Ms))
                .inbound(new RtpStreamStats(packets, packets * 160, lost, 0, jitterMs, jitterMs, 0, 0, 0))
                .finalStatus(200).endReason(EndReason.CALLER_HANGUP).build();
    }

    private MinuteFigures current() {
        List<MinuteFigures> hour = history.lastHour();
        return hour.get(hour.size() - 1);
    }

    @Test
    void aMinuteAddsUpItsCalls() {
        for (int i = 1; i <= 20; i++) { // set-up 100..2000 ms: p95 is the 19th
            history.add(answered("c" + i, 100 * i, 1000 + i, 500 + i, i, 1000, i == 20 ? 10 : 0));
        }
        history.add(TestRecords.refused("r1"));
        history.add(answered("slow", 300, 5000, 600, 2, 1000, 0)); // first speech over 3 s: the agent is named
        MinuteFigures m = current();
        assertEquals(Instant.parse("2026-01-01T10:00:00Z").getEpochSecond(), m.t());
        assertEquals(22, m.ended());
        assertEquals(21, m.outcomes().get("answered"));
        assertEquals(1, m.outcomes().get("rejected"));
        assertEquals(0, m.outcomes().get("failed"), "every outcome is listed");
        assertEquals(1900.0, m.setupP95Ms(), "nearest rank over the 21 answered calls");
        assertEquals(1020.0, m.firstSpeechP95Ms());
        assertEquals(520.0, m.turnP95Ms());
        assertEquals(19.0, m.jitterP95Ms());
        assertEquals(10.0 / 21_010, m.lossFraction(), 1e-12, "lost over received plus lost, every call");
        assertEquals(1, m.verdicts().get("agent"));
        assertEquals(21, m.verdicts().get("none"));
        assertNull(m.activeMax(), "not sampled");
    }

    @Test
    void theHourIsSixtyMinutesOldestFirstAndQuietMinutesMeasureNothing() {
        history.add(TestRecords.answered("a"));
        history.sampleActive(3);
        history.sampleActive(1);
        clock.advance(Duration.ofMinutes(2));
        history.sampleActive(0);
        List<MinuteFigures> hour = history.lastHour();
        assertEquals(CallHistory.MINUTES, hour.size());
        for (int i = 1; i < hour.size(); i++) {
            assertEquals(60, hour.get(i).t() - hour.get(i - 1).t());
        }
        MinuteFigures twoAgo = hour.get(57);
        assertEquals(1, twoAgo.ended());
        assertEquals(3, twoAgo.activeMax(), "the most at one sample");
        MinuteFigures quiet = hour.get(58);
        assertEquals(0, quiet.ended());
        assertNull(quiet.activeMax());
        assertTrue(Double.isNaN(quiet.setupP95Ms()) && Double.isNaN(quiet.lossFraction()));
        assertEquals(0, hour.get(59).activeMax());
    }

    @Test
    void minutesOlderThanAnHourAreForgotten() {
        history.add(TestRecords.answered("old"));
        clock.advance(Duration.ofMinutes(59));
        assertEquals(1, history.lastHour().get(0).ended(), "59 minutes ago: still shown, first");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, history.lastHour().stream().mapToInt(MinuteFigures::ended).sum());
        history.add(TestRecords.answered("new")); // lands in the slot the old minute used
        assertEquals(1, current().ended());
        assertEquals(1, history.lastHour().stream().mapToInt(MinuteFigures::ended).sum());
    }

    @Test
    void percentilesAreTakenOverABoundedNumberOfCallsAMinuteButEveryCallIsCounted() {
        for (int i = 0; i < MinuteBucket.MAX_VALUES + 500; i++) {
            history.add(answered("c" + i, i < MinuteBucket.MAX_VALUES ? 100 : 99_000, 1000, 500, 1, 100, 0));
        }
        MinuteFigures m = current();
        assertEquals(MinuteBucket.MAX_VALUES + 500, m.ended());
        assertEquals(100.0, m.setupP95Ms(), "calls beyond the bound do not enter the percentile");
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws Exception {
        int threads = 4;
        int each = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        CallRecord record = TestRecords.answered("x");
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    history.add(record);
                    history.sampleActive(i % 7);
                    if (i % 100 == 0) {
                        history.lastHour();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        MinuteFigures m = current();
        assertEquals(threads * each, m.ended());
        assertEquals(threads * each, m.outcomes().get("answered"));
        assertEquals(6, m.activeMax());
    }
}
