package io.trunkline.core.observe;

import io.trunkline.core.record.DropTotals;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call's drops, by reason: counted for the call record, and each passed on to the gateway-wide observer.
 * Confined to the call's loop (read {@link #totals()} there).
 */
public final class DropTally implements DropObserver {

    private static final DropReason[] REASONS = DropReason.values();

    private final DropObserver next;
    private final long[] counts = new long[REASONS.length];

    /** @param next where every drop also goes (the gateway's metrics) */
    public DropTally(DropObserver next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void dropped(DropReason reason, long count) {
        if (count <= 0) {
            return;
        }
        counts[reason.ordinal()] += count;
        next.dropped(reason, count);
    }

    /** What was dropped for {@code reason} so far. */
    public long count(DropReason reason) {
        return counts[reason.ordinal()];
    }

    /** The non-zero counts by direction and reason tag, in the order of {@link DropReason}. */
    public DropTotals totals() {
        Map<String, Long> in = new LinkedHashMap<>();
        Map<String, Long> out = new LinkedHashMap<>();
        for (DropReason reason : REASONS) {
            long n = counts[reason.ordinal()];
            if (n > 0) {
                (reason.direction() == DropReason.Direction.IN ? in : out).put(reason.tag(), n);
            }
        }
        return new DropTotals(in, out);
    }
}
