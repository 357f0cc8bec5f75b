package io.trunkline.ws;

import java.util.concurrent.atomic.LongAdder;

/**
 * Totals over all legs of one connector, for metrics. Thread-safe; updated only on abnormal paths. Audio and
 * control messages a leg drops are not counted here but reported to the call ({@code AgentListener.dropped}).
 */
public final class AgentLinkStats {

    final LongAdder ignoredMessages = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();

    /** Agent messages that the protocol ignored (unknown types; malformed ones where it tolerates them). */
    public long ignoredMessages() {
        return ignoredMessages.sum();
    }

    /** Connections closed because the agent broke the protocol (bad JSON, oversized frames). */
    public long protocolErrors() {
        return protocolErrors.sum();
    }
}
