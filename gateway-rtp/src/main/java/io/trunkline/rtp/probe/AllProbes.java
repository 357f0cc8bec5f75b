package io.trunkline.rtp.probe;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.stats.PacketOrder;
import io.trunkline.rtp.stats.ReceiveStatistics;

/** Several probes on one stage, each hook handed to every one in order ({@link MediaProbe#all}). */
final class AllProbes implements MediaProbe {

    private final MediaProbe[] probes;

    AllProbes(MediaProbe[] probes) {
        this.probes = probes;
    }

    @Override
    public void channelError() {
        for (MediaProbe p : probes) {
            p.channelError();
        }
    }

    @Override
    public void rtpReceived(int payloadBytes, boolean counted, PacketOrder order) {
        for (MediaProbe p : probes) {
            p.rtpReceived(payloadBytes, counted, order);
        }
    }

    @Override
    public void callerAudioForwarded(long arrivalNanos) {
        for (MediaProbe p : probes) {
            p.callerAudioForwarded(arrivalNanos);
        }
    }

    @Override
    public void dtmf(DtmfDigit digit) {
        for (MediaProbe p : probes) {
            p.dtmf(digit);
        }
    }

    @Override
    public void agentAudioArrived() {
        for (MediaProbe p : probes) {
            p.agentAudioArrived();
        }
    }

    @Override
    public void agentAudioQueued(long queueEndPosition) {
        for (MediaProbe p : probes) {
            p.agentAudioQueued(queueEndPosition);
        }
    }

    @Override
    public void packetSending(int audioBytes, long audioEndPosition) {
        for (MediaProbe p : probes) {
            p.packetSending(audioBytes, audioEndPosition);
        }
    }

    @Override
    public void packetSent(byte[] payload, int audioBytes, boolean written) {
        for (MediaProbe p : probes) {
            p.packetSent(payload, audioBytes, written);
        }
    }

    @Override
    public void pacerLate() {
        for (MediaProbe p : probes) {
            p.pacerLate();
        }
    }

    @Override
    public void sendingChanged(boolean sending) {
        for (MediaProbe p : probes) {
            p.sendingChanged(sending);
        }
    }

    @Override
    public void rtcpReport(ReceiveStatistics inbound, boolean sent) {
        for (MediaProbe p : probes) {
            p.rtcpReport(inbound, sent);
        }
    }

    @Override
    public void farEndReport(ReportBlock block, long jitterNanos, long roundTripNanos) {
        for (MediaProbe p : probes) {
            p.farEndReport(block, jitterNanos, roundTripNanos);
        }
    }
}
