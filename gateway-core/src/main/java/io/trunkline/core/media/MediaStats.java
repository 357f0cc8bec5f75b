package io.trunkline.core.media;

import io.trunkline.core.record.FarEndStats;
import io.trunkline.core.record.GatewayTimings;
import io.trunkline.core.record.RtpStreamStats;

/**
 * Both directions of a media leg. What the leg dropped is not here: every drop is reported, as it happens, to the
 * leg's listener ({@link io.trunkline.core.observe.DropObserver}).
 *
 * @param inbound         what the carrier sent us, measured here (RFC 3550 receive statistics)
 * @param outbound        what we sent the carrier (packets and bytes; loss and jitter only once the far end's
 *                        RTCP reports arrive)
 * @param gateway         the leg's own processing and pacing latencies
 * @param farEnd          the carrier's RTCP reports about our stream, or null when none arrived
 */
public record MediaStats(
        RtpStreamStats inbound,
        RtpStreamStats outbound,
        GatewayTimings gateway,
        FarEndStats farEnd) {

    public static final MediaStats EMPTY = new MediaStats(RtpStreamStats.EMPTY, RtpStreamStats.EMPTY);

    public MediaStats {
        gateway = gateway == null ? GatewayTimings.NONE : gateway;
    }

    /** Counts only: no latency figures and no far-end report. */
    public MediaStats(RtpStreamStats inbound, RtpStreamStats outbound) {
        this(inbound, outbound, GatewayTimings.NONE, null);
    }
}
