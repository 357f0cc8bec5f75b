package io.trunkline.metrics.http;

import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.history.CallHistory;
import java.util.List;

/** What the HTTP endpoint shows about the running gateway. Called on the HTTP thread: implementations are thread-safe. */
public interface GatewayStatus {

    /** {@code starting} (SIP not bound yet), {@code ready}, {@code draining} or {@code stopped}. */
    String state();

    /** Whether new calls are accepted: SIP is bound and the gateway is not draining. */
    default boolean ready() {
        return "ready".equals(state());
    }

    /** The calls in progress. */
    List<ActiveCall> activeCalls();

    /** The most recent call records, newest last. */
    List<CallRecord> recentRecords();

    /** Calls ended since start. */
    long callsEnded();

    /** The last hour minute by minute, for the live page's charts; null when not kept ({@code /history} is 404). */
    default CallHistory history() {
        return null;
    }
}
