package io.trunkline.ws.transport;

import io.trunkline.core.log.LogLimiter;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong over all legs of one connector: totals for metrics and tests, and the log lines about it, rate
 * limited so that a fleet of broken agents cannot flood the log. Thread-safe; used only on abnormal paths. Audio
 * and control messages a leg drops are not counted here but reported to the call, as drops.
 */
public final class ConnectorStats {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketLeg.class);

    final LongAdder ignoredMessages = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private final LogLimiter logLimiter = new LogLimiter(10_000, 5);

    /** Agent messages that the protocol ignored (unknown types; malformed ones where it tolerates them). */
    public long ignoredMessages() {
        return ignoredMessages.sum();
    }

    /** Connections closed because the agent broke the protocol (bad JSON, oversized frames). */
    public long protocolErrors() {
        return protocolErrors.sum();
    }

    /** The agent of call {@code callId} broke the protocol; its connection is closed with {@code closeCode}. */
    void protocolError(String callId, String peer, String message, int closeCode) {
        protocolErrors.increment();
        long dropped = logLimiter.tryAcquire();
        if (dropped >= 0) {
            LOG.warn("call {}: agent {} broke the protocol ({}), closing with {}{}", callId, peer, message, closeCode,
                    LogLimiter.dropped(dropped));
        }
    }

    /** An error the transport does not know, with its stack. */
    void unexpectedError(String callId, String peer, Throwable cause) {
        if (logLimiter.tryAcquire() >= 0) {
            LOG.warn("call {}: unexpected error on agent connection {}", callId, peer, cause);
        }
    }
}
