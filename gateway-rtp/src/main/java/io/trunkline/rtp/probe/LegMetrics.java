package io.trunkline.rtp.probe;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.stats.PacketOrder;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.util.function.LongSupplier;

/**
 * The probe that feeds the gateway-wide metrics ({@link LegObserver}) from the stages of one leg, and the inbound
 * processing latency into the leg's {@link GatewayLatencies}. Inbound jitter and newly lost packets are sampled
 * when an RTCP report is due, so those metrics cost nothing per packet; the carrier's cumulative loss figures are
 * turned into increments. Single-threaded, on the call's loop.
 */
public final class LegMetrics implements MediaProbe {

    private final LegObserver observer;
    private final GatewayLatencies latencies;
    private final LongSupplier clock;
    private long receivedAtLastSample;
    private long inboundLostReported;
    private long outboundLostReported;

    public LegMetrics(LegObserver observer, GatewayLatencies latencies, LongSupplier clock) {
        this.observer = observer;
        this.latencies = latencies;
        this.clock = clock;
    }

    @Override
    public void channelError() {
        observer.channelError();
    }

    @Override
    public void rtpReceived(int payloadBytes, boolean counted, PacketOrder order) {
        if (counted) {
            observer.packetReceived(payloadBytes);
        }
        if (order == PacketOrder.DUPLICATE) {
            observer.duplicate();
        } else if (order == PacketOrder.OUT_OF_ORDER) {
            observer.outOfOrder();
        }
    }

    @Override
    public void callerAudioForwarded(long arrivalNanos) {
        latencies.inbound(clock.getAsLong() - arrivalNanos);
    }

    @Override
    public void dtmf(DtmfDigit digit) {
        observer.dtmf();
    }

    @Override
    public void packetSent(byte[] payload, int audioBytes, boolean written) {
        if (written) {
            observer.packetSent(payload.length);
        }
    }

    @Override
    public void pacerLate() {
        observer.pacerLateTick();
    }

    @Override
    public void rtcpReport(ReceiveStatistics inbound, boolean sent) {
        long received = inbound.packetsReceived();
        if (received > receivedAtLastSample) {
            receivedAtLastSample = received;
            observer.inboundJitter((long) (inbound.jitterMillis() * 1_000_000));
        }
        long lost = inbound.cumulativeLost();
        if (lost > inboundLostReported) {
            observer.inboundLost(lost - inboundLostReported);
            inboundLostReported = lost;
        }
        if (sent) {
            observer.rtcpSent();
        }
    }

    @Override
    public void farEndReport(ReportBlock block, long jitterNanos, long roundTripNanos) {
        if (block.cumulativeLost() > outboundLostReported) {
            observer.outboundLost(block.cumulativeLost() - outboundLostReported);
            outboundLostReported = block.cumulativeLost();
        }
        observer.farEndReport(block.fractionLostRatio(), jitterNanos, roundTripNanos);
    }
}
