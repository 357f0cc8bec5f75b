package io.trunkline.rtp.srtp;

import io.trunkline.core.log.LogLimiter;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one leg's SRTP stage drops datagrams: each drop goes once to the leg's {@link DropObserver} (as
 * {@code srtp-auth}, {@code srtp-replay}, {@code srtcp-auth} or {@code srtcp-replay}) and is logged at most once
 * per kind per interval, with how many drops the line stands for. A drop never ends the call: a carrier that
 * keeps sending packets that do not authenticate ends it by RTP inactivity, as a silent one would. Lines name
 * the source and the SSRC, never key material. Confined to the call's loop.
 */
final class SrtpDrops {
    private static final Logger log = LoggerFactory.getLogger(SrtpDrops.class);
    static final long WARNING_INTERVAL_MILLIS = 10_000;

    private final String callId;
    private final DropObserver observer;
    private final LogLimiter authWarnings = new LogLimiter(WARNING_INTERVAL_MILLIS, 1);
    private final LogLimiter replayWarnings = new LogLimiter(WARNING_INTERVAL_MILLIS, 1);

    SrtpDrops(String callId, DropObserver observer) {
        this.callId = callId;
        this.observer = observer;
    }

    /** An inbound datagram the transform refused. */
    void inbound(boolean rtcp, SrtpVerdict verdict, InetSocketAddress source) {
        boolean replay = verdict == SrtpVerdict.REPLAY;
        observer.dropped(replay ? (rtcp ? DropReason.SRTCP_REPLAY : DropReason.SRTP_REPLAY)
                : (rtcp ? DropReason.SRTCP_AUTH : DropReason.SRTP_AUTH), 1);
        long unlogged = (replay ? replayWarnings : authWarnings).tryAcquire();
        if (unlogged >= 0) {
            String what = switch (verdict) {
                case REPLAY -> "replayed or too old";
                case REFUSED -> "from a new stream while too many new streams appeared";
                default -> "not authentic (wrong key, forged or damaged)";
            };
            log.warn("call {}: dropped {} from {}: {} ({} more since the last warning)", callId,
                    rtcp ? "SRTCP" : "SRTP", source, what, unlogged);
        }
    }

    /** An outbound packet the transform could not protect: not sent. */
    void outbound() {
        observer.dropped(DropReason.NOT_WRITTEN, 1);
        if (authWarnings.tryAcquire() >= 0) {
            log.warn("call {}: an outbound packet could not be protected and was not sent", callId);
        }
    }
}
