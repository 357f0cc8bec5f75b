package io.trunkline.rtp.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.rtp.probe.MediaProbe;
import io.trunkline.rtp.rtcp.packet.Bye;
import io.trunkline.rtp.rtcp.packet.NtpTime;
import io.trunkline.rtp.rtcp.packet.ReceiverReport;
import io.trunkline.rtp.rtcp.packet.ReportBlock;
import io.trunkline.rtp.rtcp.packet.RtcpPacket;
import io.trunkline.rtp.rtcp.packet.RtcpWriter;
import io.trunkline.rtp.rtcp.packet.SenderReport;
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
 * <p>Each report due is also told to the attached {@link MediaProbe}, with the receive statistics, so figures
 * sampled from them cost nothing per packet. Runs on the call's loop.
 */
public final class RtcpReporter implements Runnable {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long FIRST_DELAY_NANOS = INTERVAL_NANOS / 2;
    /** An SR with one block and a short CNAME fits easily; the buffer grows if ever needed. */
    private static final int INITIAL_BYTES = 128;

    private final CallLoop loop;
    private final Channel channel;
    private final Supplier<InetSocketAddress> target;
    private final SentStream sent;
    private final long ssrc;
    private final String cname;
    private final ReceiveStatistics statistics;
    private final FarEndReports farEnd;
    private final LongSupplier clock;
    private final DoubleSupplier intervalFactor;
    private CallLoop.Cancellable next;
    private boolean running;
    private MediaProbe probe = MediaProbe.NONE;
    private long packetsAtLastReport;

    /**
     * @param target         where the reports go (changes when the carrier's RTCP comes from elsewhere)
     * @param sent           our RTP stream, for the sender report
     * @param statistics     the caller's stream, for the report block
     * @param farEnd         the carrier's latest sender report, echoed in the block's LSR/DLSR
     * @param intervalFactor draws each interval's factor (between 0.5 and 1.5)
     */
    public RtcpReporter(CallLoop loop, Channel channel, Supplier<InetSocketAddress> target, SentStream sent,
            long ssrc, String cname, ReceiveStatistics statistics, FarEndReports farEnd, LongSupplier clock,
            DoubleSupplier intervalFactor) {
        this.loop = loop;
        this.channel = channel;
        this.target = target;
        this.sent = sent;
        this.ssrc = ssrc;
        this.cname = cname;
        this.statistics = statistics;
        this.farEnd = farEnd;
        this.clock = clock;
        this.intervalFactor = intervalFactor;
    }

    /** Reports each report due to {@code probe} from now on. */
    public void probe(MediaProbe probe) {
        this.probe = probe;
    }

    public void start() {
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
    public void stop() {
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
        RtcpPacket report = report(clock.getAsLong());
        probe.rtcpReport(statistics, write(report, bye));
    }

    private boolean write(RtcpPacket report, boolean bye) {
        if (!channel.isActive()) {
            return false;
        }
        ByteBuf datagram = channel.alloc().directBuffer(INITIAL_BYTES);
        try {
            RtcpWriter.writeCompound(datagram, report, cname, bye ? new Bye(List.of(ssrc), "") : null);
            channel.writeAndFlush(new DatagramPacket(datagram, target.get()), channel.voidPromise());
            datagram = null; // handed to the channel
            return true;
        } finally {
            if (datagram != null) {
                datagram.release();
            }
        }
    }

    /** The SR (we sent media since the previous report) or RR to send at {@code nowNanos}. */
    RtcpPacket report(long nowNanos) {
        List<ReportBlock> blocks = block(nowNanos);
        long packets = sent.packetsSent();
        boolean sender = packets > packetsAtLastReport;
        packetsAtLastReport = packets;
        if (!sender) {
            return new ReceiverReport(ssrc, blocks);
        }
        return new SenderReport(ssrc, NtpTime.now(), sent.timestampAt(nowNanos), packets & 0xffff_ffffL,
                sent.payloadBytesSent() & 0xffff_ffffL, blocks);
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
}
