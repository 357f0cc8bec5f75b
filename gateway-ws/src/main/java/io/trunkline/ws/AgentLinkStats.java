package io.trunkline.ws;

import java.util.concurrent.atomic.LongAdder;

/** Totals over all legs of one connector, for metrics. Thread-safe; updated only on abnormal paths. */
public final class AgentLinkStats {

    final LongAdder audioDroppedBeforeReady = new LongAdder();
    final LongAdder audioDroppedUnwritable = new LongAdder();
    final LongAdder controlDropped = new LongAdder();
    final LongAdder ignoredMessages = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();

    /** Caller audio frames dropped because the agent was not ready yet. */
    public long audioDroppedBeforeReady() {
        return audioDroppedBeforeReady.sum();
    }

    /** Caller audio frames dropped because the connection's write buffer was full (the agent stopped reading). */
    public long audioDroppedUnwritable() {
        return audioDroppedUnwritable.sum();
    }

    /** Control messages (DTMF, marks) that could not be sent because the connection was not open. */
    public long controlDropped() {
        return controlDropped.sum();
    }

    /** Agent messages that the protocol ignored (unknown types; malformed ones where it tolerates them). */
    public long ignoredMessages() {
        return ignoredMessages.sum();
    }

    /** Connections closed because the agent broke the protocol (bad JSON, oversized frames). */
    public long protocolErrors() {
        return protocolErrors.sum();
    }
}
