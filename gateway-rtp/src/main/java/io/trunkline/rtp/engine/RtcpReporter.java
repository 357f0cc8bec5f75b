package io.trunkline.rtp.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.observe.LegObserver;
import io.trunkline.rtp.rtcp.Bye;
import io.trunkline.rtp.rtcp.NtpTime;
import io.trunkline.rtp.rtcp.ReceiverReport;
import io.trunkline.rtp.rtcp.ReportBlock;
import io.trunkline.rtp.rtcp.RtcpPacket;
import io.trunkline.rtp.rtcp.RtcpWriter;
import io.trunkline.rtp.rtcp.SenderReport;
import io.trunkline.rtp.stats.ReceiveStatistics;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends this leg's RTCP (RFC 3550 §6.4): every {@link #INTERVAL_NANOS} on average, each interval drawn between half
 * and one and a half times that (§6.3.1, so that the reports of many calls started together spread out), the first
 * half an interval after start, a
 * compound packet with a sender report (or a receiver report while we send nothing, e.g. on hold) carrying one
 * reception report block about the caller's stream, and the SDES CNAME; when the leg closes, a last one with BYE.
 * The LSR/DLSR fields echo the carrier's latest sender report, which lets it compute the round trip; our SR lets
 * us compute it from its reports in turn ({@link FarEndReports}).
 *
 * <p>Each report is also the moment the inbound jitter estimate is sampled and newly lost packets are counted for
 * the observer, so those metrics cost nothing per packet. Runs on the call's loop.
 */
final class RtcpReporter implements Runnable {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long FIRST_DELAY_NANOS = INTERVAL_NANOS / 2;
    /** An SR with one block and a short CNAME fits easily; the buffer grows if ever needed. */
    private static final int INITIAL_BYTES = 128;

    private final CallLoop loop;
    private final Channel channel;
    private final Supplier<InetSocketAddress> target;
    private final Pacer pacer;
    private final long ssrc;
    private final String cname;
    private final ReceiveStatistics statistics;
    private final FarEndReports farEnd;
    private final LegObserver observer;
    private final LongSupplier clock;
    private final DoubleSupplier intervalFactor;
    private CallLoop.Cancellable next;
    private boolean running;
    private long packetsAtLastReport;
    private long receivedAtLastSample;
    private long lostReported;
    private long reportsSent;

    RtcpReporter(CallLoop loop, Channel channel, Supplier<InetSocketAddress> target, Pacer pacer, long ssrc,
            String cname, ReceiveStatistics statistics, FarEndReports farEnd, LegObserver observer,
            LongSupplier clock, DoubleSupplier intervalFactor) {
        this.loop = loop;
        this.channel = channel;
        this.target = target;
        this.pacer = pacer;
        this.ssrc = ssrc;
        this.cname = cname;
        this.statistics = statistics;
        this.farEnd = farEnd;
        this.observer = observer;
        this.clock = clock;
        this.intervalFactor = intervalFactor;
    }

    void start() {
        if (!running) {
            running = true;
            next = loop.schedule(this, FIRST_DELAY_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void run() {
        if (!running) {
            return;
        }
        send(false);
        next = loop.schedule(this, (long) (INTERVAL_NANOS * intervalFactor.getAsDouble()), TimeUnit.NANOSECONDS);
    }

    /** Stops the schedule; when the leg had started, sends a last report with BYE. */
    void stop() {
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (running) {
            running = false;
            send(true);
        }
    }

    private void send(boolean bye) {
        sample();
        RtcpPacket report = report(clock.getAsLong());
        if (!channel.isActive()) {
            return;
        }
        ByteBuf datagram = channel.alloc().directBuffer(INITIAL_BYTES);
        try {
            RtcpWriter.writeCompound(datagram, report, cname, bye ? new Bye(List.of(ssrc), "") : null);
            channel.writeAndFlush(new DatagramPacket(datagram, target.get()), channel.voidPromise());
            datagram = null; // handed to the channel
            reportsSent++;
            observer.rtcpSent();
        } finally {
            if (datagram != null) {
                datagram.release();
            }
        }
    }

    /** The SR (we sent media since the previous report) or RR to send at {@code nowNanos}. */
    RtcpPacket report(long nowNanos) {
        List<ReportBlock> blocks = block(nowNanos);
        long sent = pacer.packetsSent();
        boolean sender = sent > packetsAtLastReport;
        packetsAtLastReport = sent;
        if (!sender) {
            return new ReceiverReport(ssrc, blocks);
        }
        return new SenderReport(ssrc, NtpTime.now(), pacer.timestampAt(nowNanos), sent & 0xffff_ffffL,
                pacer.payloadBytesSent() & 0xffff_ffffL, blocks);
    }

    private List<ReportBlock> block(long nowNanos) {
        long lastSr = 0;
        long delay = 0;
        if (farEnd.latestSenderReport() != null) {
            lastSr = NtpTime.middle32(farEnd.latestSenderReport().ntpTimestamp());
            delay = NtpTime.unitsFromNanos(nowNanos - farEnd.latestSenderReportNanos());
        }
        ReportBlock block = statistics.nextReportBlock(lastSr, delay);
        return block == null ? List.of() : List.of(block);
    }

    /** Inbound jitter and newly lost packets, for the observer. */
    private void sample() {
        long received = statistics.packetsReceived();
        if (received > receivedAtLastSample) {
            receivedAtLastSample = received;
            observer.inboundJitter((long) (statistics.jitterMillis() * 1_000_000));
        }
        long lost = statistics.cumulativeLost();
        if (lost > lostReported) {
            observer.inboundLost(lost - lostReported);
            lostReported = lost;
        }
    }

    /** Compound packets handed to the channel. */
    long reportsSent() {
        return reportsSent;
    }
}
