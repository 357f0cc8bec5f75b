package io.trunkline.server;

import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.call.EndReason;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the gateway of calls: new calls and OPTIONS get 503 at once, active calls may finish until the drain
 * timeout, then the rest get BYE and a few seconds to write their records. Runs on the draining thread (SIGTERM's
 * or the admin request's), never on an event loop: it waits by polling the bridge's call count.
 */
final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final Duration AFTER_BYE = Duration.ofSeconds(5);
    private static final long POLL_NANOS = 50_000_000;

    private Drain() {
    }

    static void run(CallBridge bridge, Duration timeout) {
        bridge.startDraining();
        LOG.info("draining: {} active call(s), waiting up to {} s", bridge.activeCalls(), timeout.toSeconds());
        awaitNoCalls(bridge, timeout);
        bridge.endAll(EndReason.SHUTDOWN);
        awaitNoCalls(bridge, AFTER_BYE);
    }

    private static void awaitNoCalls(CallBridge bridge, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bridge.activeCalls() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
