package io.trunkline.sip.validate;

import io.trunkline.core.log.LogLimiter;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one rate-limited log line for connections closed because their stream could not be framed. */
final class FramingRefusals {
    private static final Logger log = LoggerFactory.getLogger(FramingRefusals.class);
    private static final LogLimiter LIMITER = new LogLimiter(10_000, 10);

    private FramingRefusals() {
    }

    static void log(String transport, InetAddress peer, String reason, boolean answered) {
        long dropped = LIMITER.tryAcquire();
        if (dropped >= 0) {
            log.info("Closing a SIP {} connection from {}: {}{}{}", transport, peer, reason,
                    answered ? " (answered 400)" : "", LogLimiter.dropped(dropped));
        }
    }
}
