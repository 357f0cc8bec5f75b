package io.trunkline.bench.load.rtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;
import io.trunkline.bench.load.call.ProbeLog;
import io.trunkline.bench.load.call.RtpReceiveState;
import io.trunkline.bench.load.stats.MeasureWindow;
import io.trunkline.bench.load.stats.OutboundMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The caller side of every call's media, on one event loop: sends each call's RTP at 50 packets per second and
 * reads the gateway's RTP back.
 *
 * <p>Sending: every call is given a phase within the 20 ms period (spread evenly over {@code slotNanos} slots by the
 * golden ratio), as independent callers would have. A timer on an absolute timeline wakes once per slot and writes
 * one packet for each call of that slot, then stamps them and flushes the lot (epoll sends them with sendmmsg). The
 * stamp is the frame's send time: each payload is a {@link FrameCode} frame carrying the frame index, and the send
 * times are kept per call for the agent side to look up.
 *
 * <p>Sockets: calls share a few sockets (each call's offer names one); the gateway sends each call from its own port,
 * so its packets are told apart by source port. The RTCP port beside each socket is read and counted.
 *
 * <p>Receiving: every packet's interval and lateness against the pacer's slot grid are measured
 * ({@link RtpReceiveState}); coded frames are matched to the agent's send times.
 */
public final class RtpHarness {

    private static final int RTP_HEADER = 12;
    private static final int MAX_DATAGRAM = 2048;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final EventLoop loop;
    private final InetAddress host;
    private final int basePort;
    private final int socketCount;
    private final long slotNanos;
    private final int slots;
    private final FrameCode.Layout outboundLayout;
    private final MeasureWindow window;
    private final OutboundMetrics metrics;

    private final Channel[] rtp;
    private final Channel[] rtcp;
    private final boolean[] dirty;
    private final LoadCall[] byGatewayPort = new LoadCall[65536];
    private final List<List<LoadCall>> buckets = new ArrayList<>();
    private final byte[] payload = new byte[160];
    private final short[] samples = new short[160];
    private final List<LoadCall> pending = new ArrayList<>();
    private int[] pendingIndex = new int[1024];
    private ProbeLog log;

    private long timelineStart;
    private long slotIndex;
    private boolean running;
    private long packetsSent;
    private long packetsReceived;
    private long rtcpPackets;
    private long strayPackets;
    private long badPackets;
    private long lateWakeups;
    private long skippedSlots;
    private long lateWakeupsInWindow;
    private long skippedSlotsInWindow;

    /**
     * @param basePort      first RTP port (even); socket i uses basePort + 2i (RTP) and + 1 (RTCP)
     * @param socketCount   sockets the calls are spread over
     * @param slotNanos     timer granularity; 20 ms must be a multiple of it
     * @param outboundLayout how the gateway's RTP payloads are laid out (depends on the agent's format)
     */
    public RtpHarness(EventLoop loop, InetAddress host, int basePort, int socketCount, long slotNanos,
            FrameCode.Layout outboundLayout, MeasureWindow window) {
        if (RtpReceiveState.PERIOD_NANOS % slotNanos != 0) {
            throw new IllegalArgumentException("20 ms must be a multiple of the slot: " + slotNanos);
        }
        this.loop = loop;
        this.host = host;
        this.basePort = basePort;
        this.socketCount = socketCount;
        this.slotNanos = slotNanos;
        this.slots = (int) (RtpReceiveState.PERIOD_NANOS / slotNanos);
        this.outboundLayout = outboundLayout;
        this.window = window;
        this.metrics = new OutboundMetrics(window);
        this.rtp = new Channel[socketCount];
        this.rtcp = new Channel[socketCount];
        this.dirty = new boolean[socketCount];
        for (int i = 0; i < slots; i++) {
            buckets.add(new ArrayList<>());
        }
    }

    /** Binds the sockets and starts the send timer; blocks until bound. */
    public void start() {
        for (int i = 0; i < socketCount; i++) {
            rtp[i] = bind(basePort + 2 * i, new RtpReader());
            rtcp[i] = bind(basePort + 2 * i + 1, new RtcpReader());
        }
        loop.submit(() -> {
            running = true;
            timelineStart = System.nanoTime();
            slotIndex = 0;
            tick();
        }).syncUninterruptibly();
    }

    /** Stops the timer and closes the sockets. */
    public void stop() {
        loop.submit(() -> running = false).syncUninterruptibly();
        for (int i = 0; i < socketCount; i++) {
            rtp[i].close().syncUninterruptibly();
            rtcp[i].close().syncUninterruptibly();
        }
    }

    /** The RTP port the offer of call {@code index} names. */
    public int offerPort(int index) {
        return basePort + 2 * (index % socketCount);
    }

    /** Starts sending call media to the gateway's RTP address from the answer. Any thread. */
    public void attach(LoadCall call, InetSocketAddress gatewayRtp) {
        if (loop.inEventLoop()) {
            attach0(call, gatewayRtp);
        } else {
            loop.execute(() -> attach0(call, gatewayRtp));
        }
    }

    private void attach0(LoadCall call, InetSocketAddress gatewayRtp) {
        {
            call.rtpSocket(call.index() % socketCount);
            call.gatewayRtp(gatewayRtp);
            byGatewayPort[gatewayRtp.getPort()] = call;
            // Golden-ratio spacing spreads calls evenly over the period whatever their number.
            int slot = (int) ((call.index() * 0.6180339887498949 % 1.0) * slots);
            buckets.get(slot).add(call);
            call.sending(true);
        }
    }

    /** Stops sending for these calls (their RTP is still read). Blocks until done. */
    public void stopSending(java.util.Collection<LoadCall> calls) {
        loop.submit(() -> {
            for (LoadCall call : calls) {
                call.sending(false);
            }
        }).syncUninterruptibly();
    }

    /** Stops sending for every call (their RTP is still read). Blocks until done. */
    public void stopSending() {
        loop.submit(() -> {
            for (List<LoadCall> bucket : buckets) {
                for (LoadCall call : bucket) {
                    call.sending(false);
                }
            }
        }).syncUninterruptibly();
    }

    /** Logs every RTP packet of the calls (with the frame it carried) to {@code log}; set before the first call. */
    public void log(ProbeLog log) {
        this.log = log;
    }

    /** What was measured of the gateway's RTP; read once the loop is quiet. */
    public OutboundMetrics metrics() {
        return metrics;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public long rtcpPackets() {
        return rtcpPackets;
    }

    /** RTP packets from a port that is no call's. */
    public long strayPackets() {
        return strayPackets;
    }

    /** Packets that were not RTP with a 160-byte payload. */
    public long badPackets() {
        return badPackets;
    }

    /** Timer wake-ups that found more than one slot due (the harness itself running late). */
    public long lateWakeups() {
        return lateWakeups;
    }

    public long skippedSlots() {
        return skippedSlots;
    }

    public long lateWakeupsInWindow() {
        return lateWakeupsInWindow;
    }

    /** Slots skipped inside the window: caller frames the harness failed to send on time (it was starved). */
    public long skippedSlotsInWindow() {
        return skippedSlotsInWindow;
    }

    private Channel bind(int port, SimpleChannelInboundHandler<DatagramPacket> handler) {
        return new Bootstrap().group(loop).channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                // recvmmsg: up to 32 datagrams per read system call.
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * 32))
                .handler(handler)
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    private void tick() {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        long due = (now - timelineStart) / slotNanos + 1;
        long missing = due - slotIndex;
        boolean measured = window.contains(now);
        if (missing > 1) {
            lateWakeups++;
            lateWakeupsInWindow += measured ? 1 : 0;
        }
        // At most one period is caught up, so a call is written at most once per wake-up.
        if (missing > slots) {
            skippedSlots += missing - slots;
            skippedSlotsInWindow += measured ? missing - slots : 0;
            slotIndex = due - slots;
        }
        while (slotIndex < due) {
            writeSlot((int) (slotIndex % slots));
            slotIndex++;
        }
        flushPending();
        long next = timelineStart + slotIndex * slotNanos;
        loop.schedule(this::tick, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void writeSlot(int slot) {
        for (LoadCall call : buckets.get(slot)) {
            if (!call.sending() || !call.inbound().hasRoom()) {
                continue;
            }
            int index = call.inbound().nextIndex();
            FrameCode.encodeMuLaw(index & 0xffff, payload, 0);
            int socket = call.rtpSocket();
            ByteBuf packet = rtp[socket].alloc().directBuffer(RTP_HEADER + payload.length);
            packet.writeByte(0x80);
            packet.writeByte(index == 0 ? 0x80 : 0x00); // marker on the first packet, payload type 0 (PCMU)
            packet.writeShort(call.takeSequence());
            packet.writeInt((int) call.takeTimestamp());
            packet.writeInt(call.ssrc());
            packet.writeBytes(payload);
            rtp[socket].write(new DatagramPacket(packet, call.gatewayRtp()), rtp[socket].voidPromise());
            dirty[socket] = true;
            if (pending.size() == pendingIndex.length) {
                pendingIndex = java.util.Arrays.copyOf(pendingIndex, 2 * pendingIndex.length);
            }
            pendingIndex[pending.size()] = index;
            pending.add(call);
        }
    }

    private void flushPending() {
        if (pending.isEmpty()) {
            return;
        }
        long stamp = System.nanoTime();
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).inbound().sent(pendingIndex[i], stamp);
        }
        packetsSent += pending.size();
        pending.clear();
        for (int i = 0; i < socketCount; i++) {
            if (dirty[i]) {
                dirty[i] = false;
                rtp[i].flush();
            }
        }
    }

    private void onRtp(DatagramPacket packet) {
        long now = System.nanoTime();
        packetsReceived++;
        LoadCall call = byGatewayPort[packet.sender().getPort()];
        if (call == null) {
            strayPackets++;
            return;
        }
        ByteBuf buf = packet.content();
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < RTP_HEADER || (buf.getByte(start) & 0xC0) != 0x80) {
            badPackets++;
            return;
        }
        int first = buf.getByte(start) & 0xff;
        int offset = RTP_HEADER + 4 * (first & 0x0f);
        if ((first & 0x10) != 0 && length >= offset + 4) {
            offset += 4 + 4 * buf.getUnsignedShort(start + offset + 2);
        }
        if (length - offset < 160) {
            badPackets++;
            return;
        }
        int sequence = buf.getUnsignedShort(start + 2);
        long timestamp = buf.getUnsignedInt(start + 4);
        buf.getBytes(start + offset, payload, 0, 160);

        RtpReceiveState state = call.rtpIn();
        long interval = state.onPacket(sequence, timestamp, now);
        long slotTime = state.slotTime();
        boolean measured = window.contains(now);
        if (measured) {
            if (interval >= 0) {
                metrics.intervalError.record(Math.abs(interval - RtpReceiveState.PERIOD_NANOS));
                if (interval > 30_000_000L) {
                    metrics.gaps++;
                }
            }
            metrics.slotLateness.record(now - slotTime);
            metrics.timeline.record(now, now - slotTime);
        }
        FrameCode.muLawToLinear(payload, 0, samples);
        int id = FrameCode.decode(samples, outboundLayout);
        if (log != null) {
            log.packet(now, id);
        }
        if (id == FrameCode.SILENCE) {
            state.silence();
        } else if (id == FrameCode.INVALID) {
            call.outbound().undecodable();
        } else {
            state.coded();
            long sentAt = call.outbound().received(id);
            if (sentAt > 0 && measured) {
                metrics.total.record(now - sentAt);
                metrics.pacingWait.record(Math.max(0, slotTime - sentAt));
                metrics.added.record(now - Math.max(slotTime, sentAt));
                call.outbound().latency(now - Math.max(slotTime, sentAt));
            }
        }
    }

    private final class RtpReader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            onRtp(packet);
        }
    }

    private final class RtcpReader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            rtcpPackets++;
        }
    }
}
