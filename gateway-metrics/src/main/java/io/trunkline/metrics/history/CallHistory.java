package io.trunkline.metrics.history;

import io.trunkline.core.record.CallRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The last hour of the gateway's calls, minute by minute, kept in memory for the live page's charts: a ring of
 * {@link #MINUTES} minutes fed by every finished call's record ({@link #add}) and by samples of the number of calls
 * in progress ({@link #sampleActive}). Bounded whatever the traffic; older minutes are overwritten. Thread-safe:
 * records arrive on call loops, samples and reads on the HTTP thread.
 */
public final class CallHistory {
    public static final int MINUTES = 60;

    private final Clock clock;
    private final MinuteBucket[] ring = new MinuteBucket[MINUTES];

    public CallHistory(Clock clock) {
        this.clock = clock;
    }

    /** A call ended now. */
    public void add(CallRecord record) {
        synchronized (this) {
            bucket(currentMinute()).add(record);
        }
    }

    /** {@code calls} were in progress now. */
    public void sampleActive(int calls) {
        synchronized (this) {
            bucket(currentMinute()).active(calls);
        }
    }

    /** The last {@link #MINUTES} minutes, oldest first, ending with the current one; quiet minutes included. */
    public List<MinuteFigures> lastHour() {
        long now = currentMinute();
        List<MinuteFigures> minutes = new ArrayList<>(MINUTES);
        synchronized (this) {
            for (long m = now - MINUTES + 1; m <= now; m++) {
                MinuteBucket b = ring[slot(m)];
                minutes.add(b != null && b.minute() == m ? b.figures() : MinuteBucket.empty(m));
            }
        }
        return minutes;
    }

    private MinuteBucket bucket(long minute) {
        int slot = slot(minute);
        MinuteBucket b = ring[slot];
        if (b == null || b.minute() != minute) {
            b = new MinuteBucket(minute);
            ring[slot] = b;
        }
        return b;
    }

    private long currentMinute() {
        return Math.floorDiv(clock.millis(), 60_000L);
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }
}
