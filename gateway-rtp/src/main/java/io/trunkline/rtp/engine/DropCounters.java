package io.trunkline.rtp.engine;

import io.trunkline.core.log.LogLimiter;
import io.trunkline.rtp.packet.RtpParseError;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every inbound packet one leg drops, by reason. All drops go through here so each is counted, and the ones that
 * point at a misbehaving peer are logged, rate-limited per leg. Counted on the call's loop; read the getters there
 * too (or accept slightly stale values elsewhere).
 */
public final class DropCounters {

    private static final Logger log = LoggerFactory.getLogger(DropCounters.class);
    private static final RtpParseError[] PARSE_ERRORS = RtpParseError.values();
    /** One warning per kind per leg per interval; each line carries the running count of drops. */
    static final long WARNING_INTERVAL_MILLIS = 10_000;

    private final String callId;
    private final LogLimiter sourceWarnings = new LogLimiter(WARNING_INTERVAL_MILLIS, 1);
    private final LogLimiter malformedWarnings = new LogLimiter(WARNING_INTERVAL_MILLIS, 1);
    private final long[] malformedByReason = new long[PARSE_ERRORS.length];
    private long bySource;
    private long malformed;
    private long unknownPayloadType;
    private long duplicates;
    private long outOfOrder;
    private long rtcpBySource;
    private long rtcpMalformed;

    DropCounters(String callId) {
        this.callId = callId;
    }

    /** An RTP datagram from {@code source}, while only {@code accepted} (the SDP or latched address) may send. */
    void countBySource(InetSocketAddress source, InetSocketAddress accepted) {
        bySource++;
        if (sourceWarnings.tryAcquire() >= 0) {
            log.warn("call {}: dropped RTP from unexpected source {} (accepting {}; {} dropped so far)",
                    callId, source, accepted, bySource);
        }
    }

    /** An RTP datagram that did not parse. */
    void countMalformed(RtpParseError reason, InetSocketAddress source) {
        malformed++;
        malformedByReason[reason.ordinal()]++;
        if (malformedWarnings.tryAcquire() >= 0) {
            log.warn("call {}: dropped malformed RTP from {}: {} ({} dropped so far)", callId, source, reason,
                    malformed);
        }
    }

    /** A valid packet of a payload type that was not negotiated. */
    void countUnknownPayloadType() {
        unknownPayloadType++;
    }

    /** An audio packet whose sequence number was already received. */
    void countDuplicate() {
        duplicates++;
    }

    /** An audio packet that arrived after a later one: too late to be played in order. */
    void countOutOfOrder() {
        outOfOrder++;
    }

    /** An RTCP datagram from a host other than the media source. */
    void countRtcpBySource() {
        rtcpBySource++;
    }

    /** An RTCP datagram that did not parse. */
    void countRtcpMalformed() {
        rtcpMalformed++;
    }

    /** RTP datagrams from a source other than the negotiated or latched one. */
    public long bySource() {
        return bySource;
    }

    /** RTP datagrams that did not parse, all reasons. */
    public long malformed() {
        return malformed;
    }

    /** RTP datagrams that did not parse for {@code reason}. */
    public long malformed(RtpParseError reason) {
        return malformedByReason[reason.ordinal()];
    }

    /** Valid packets of a payload type that was not negotiated. */
    public long unknownPayloadType() {
        return unknownPayloadType;
    }

    /** Audio packets dropped as duplicates. */
    public long duplicates() {
        return duplicates;
    }

    /** Audio packets dropped because they arrived after a later one. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** RTCP datagrams from a host other than the carrier's. */
    public long rtcpBySource() {
        return rtcpBySource;
    }

    /** RTCP datagrams that did not parse. */
    public long rtcpMalformed() {
        return rtcpMalformed;
    }
}
