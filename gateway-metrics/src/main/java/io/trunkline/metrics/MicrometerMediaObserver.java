package io.trunkline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.core.observe.MediaObserver;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Media metrics from the RTP engine. One {@link LegObserver} per carrier codec, with every meter resolved up front,
 * is shared by all legs of that codec: on the packet path an update is a counter increment or a histogram record,
 * lock-free and allocation-free.
 */
public final class MicrometerMediaObserver implements MediaObserver {

    private final Map<AudioFormat, LegObserver> legs = new EnumMap<>(AudioFormat.class);

    public MicrometerMediaObserver(GatewayMeters meters) {
        legs.put(AudioFormat.PCMU_8K, new CodecMeters(meters, AudioFormat.PCMU_8K));
        legs.put(AudioFormat.PCMA_8K, new CodecMeters(meters, AudioFormat.PCMA_8K));
    }

    @Override
    public LegObserver leg(AudioFormat codec) {
        return legs.getOrDefault(codec, legs.get(AudioFormat.PCMU_8K));
    }

    /** The meters of one codec. */
    private static final class CodecMeters implements LegObserver {
        private final Counter packetsIn;
        private final Counter packetsOut;
        private final Counter bytesIn;
        private final Counter bytesOut;
        private final Counter lostIn;
        private final Counter lostOut;
        private final Counter outOfOrder;
        private final Counter duplicates;
        private final Counter lateTicks;
        private final Counter channelErrors;
        private final Timer jitterIn;
        private final Timer jitterOut;
        private final Timer processingIn;
        private final Timer processingOut;
        private final Timer pacingWait;
        private final Timer pacingError;
        private final Counter dtmf;
        private final Counter rtcpOut;
        private final Counter rtcpIn;
        private final Timer rtt;
        private final DistributionSummary fractionLost;

        CodecMeters(GatewayMeters m, AudioFormat codec) {
            packetsIn = m.rtpPackets("in", codec);
            packetsOut = m.rtpPackets("out", codec);
            bytesIn = m.rtpBytes("in", codec);
            bytesOut = m.rtpBytes("out", codec);
            lostIn = m.rtpLost("in", codec);
            lostOut = m.rtpLost("out", codec);
            outOfOrder = m.rtpOutOfOrder(codec);
            duplicates = m.rtpDuplicates(codec);
            lateTicks = m.mediaPacingLateTicks(codec);
            channelErrors = m.rtpChannelErrors(codec);
            jitterIn = m.rtpJitter("in", codec);
            jitterOut = m.rtpJitter("out", codec);
            processingIn = m.mediaProcessing("in", codec);
            processingOut = m.mediaProcessing("out", codec);
            pacingWait = m.mediaPacingWait(codec);
            pacingError = m.mediaPacingError(codec);
            dtmf = m.dtmfEvents(codec);
            rtcpOut = m.rtcpReports("out", codec);
            rtcpIn = m.rtcpReports("in", codec);
            rtt = m.rtcpRtt(codec);
            fractionLost = m.rtcpFractionLost(codec);
        }

        @Override
        public void packetReceived(int payloadBytes) {
            packetsIn.increment();
            bytesIn.increment(payloadBytes);
        }

        @Override
        public void packetSent(int payloadBytes) {
            packetsOut.increment();
            bytesOut.increment(payloadBytes);
        }

        @Override
        public void inboundLost(long packets) {
            lostIn.increment(packets);
        }

        @Override
        public void outboundLost(long packets) {
            lostOut.increment(packets);
        }

        @Override
        public void outOfOrder() {
            outOfOrder.increment();
        }

        @Override
        public void duplicate() {
            duplicates.increment();
        }

        @Override
        public void pacerLateTick() {
            lateTicks.increment();
        }

        @Override
        public void channelError() {
            channelErrors.increment();
        }

        @Override
        public void inboundJitter(long nanos) {
            jitterIn.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void inboundProcessing(long nanos) {
            processingIn.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void outboundProcessing(long nanos) {
            processingOut.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void pacingWait(long nanos) {
            pacingWait.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void pacingError(long nanos) {
            pacingError.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void dtmf() {
            dtmf.increment();
        }

        @Override
        public void rtcpSent() {
            rtcpOut.increment();
        }

        @Override
        public void farEndReport(double fractionLostRatio, long jitterNanos, long roundTripNanos) {
            rtcpIn.increment();
            fractionLost.record(fractionLostRatio);
            jitterOut.record(jitterNanos, TimeUnit.NANOSECONDS);
            if (roundTripNanos >= 0) {
                rtt.record(roundTripNanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
