package io.trunkline.rtp.engine;

import io.trunkline.core.media.MediaStats;
import io.trunkline.rtp.probe.GatewayLatencies;
import io.trunkline.rtp.rtcp.FarEndReports;
import io.trunkline.rtp.rtcp.SentStream;
import io.trunkline.rtp.stats.ReceiveStatistics;

/**
 * The figures of one leg, each kept by the stage or probe that measures it: the caller's stream by the receive
 * statistics, our stream by the pacer and the carrier's reports, the gateway's own latencies by the probes.
 */
final class LegStats {

    private final ReceiveStatistics inbound;
    private final SentStream sent;
    private final FarEndReports farEnd;
    private final GatewayLatencies latencies;

    LegStats(ReceiveStatistics inbound, SentStream sent, FarEndReports farEnd, GatewayLatencies latencies) {
        this.inbound = inbound;
        this.sent = sent;
        this.farEnd = farEnd;
        this.latencies = latencies;
    }

    MediaStats snapshot() {
        long packetsSent = sent.packetsSent();
        return new MediaStats(inbound.snapshot(), farEnd.outbound(packetsSent, sent.payloadBytesSent()),
                latencies.timings(), farEnd.stats(packetsSent));
    }

    long packetsSent() {
        return sent.packetsSent();
    }

    long packetsReceived() {
        return inbound.packetsReceived();
    }
}
