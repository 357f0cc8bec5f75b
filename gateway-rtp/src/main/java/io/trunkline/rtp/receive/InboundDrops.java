package io.trunkline.rtp.receive;

import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.packet.RtpParseError;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one leg drops inbound RTP datagrams: each drop goes, once, to the leg's {@link DropObserver},
 * and the ones that point at a misbehaving peer are logged, rate-limited per leg. Keeps no counts of its own.
 * Confined to the call's loop.
 */
public final class InboundDrops {

    private static final Logger log = LoggerFactory.getLogger(InboundDrops.class);
    /** One warning per kind per leg per interval; each line says how many similar drops it stands for. */
    static final long WARNING_INTERVAL_MILLIS = 10_000;

    private final String callId;
    private final DropObserver observer;
    private final LogLimiter sourceWarnings = new LogLimiter(WARNING_INTERVAL_MILLIS, 1);
    private final LogLimiter malformedWarnings = new LogLimiter(WARNING_INTERVAL_MILLIS, 1);

    public InboundDrops(String callId, DropObserver observer) {
        this.callId = callId;
        this.observer = observer;
    }

    /** An RTP datagram from {@code source}, while only {@code accepted} (the SDP or latched address) may send. */
    void bySource(InetSocketAddress source, InetSocketAddress accepted) {
        observer.dropped(DropReason.RTP_SOURCE, 1);
        long unlogged = sourceWarnings.tryAcquire();
        if (unlogged >= 0) {
            log.warn("call {}: dropped RTP from unexpected source {} (accepting {}; {} more since the last warning)",
                    callId, source, accepted, unlogged);
        }
    }

    /** An RTP datagram that did not parse. */
    void malformed(RtpParseError reason, InetSocketAddress source) {
        observer.dropped(DropReason.RTP_MALFORMED, 1);
        long unlogged = malformedWarnings.tryAcquire();
        if (unlogged >= 0) {
            log.warn("call {}: dropped malformed RTP from {}: {} ({} more since the last warning)", callId, source,
                    reason, unlogged);
        }
    }

    /** A valid packet of a payload type that was not negotiated. */
    void payloadType() {
        observer.dropped(DropReason.RTP_PAYLOAD_TYPE, 1);
    }
}
