package io.trunkline.bench.load.agent;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.trunkline.bench.load.stats.InboundMetrics;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fake voice agent on one event loop: Vapi's {@code POST /call} and WebSocket transport (PCM16 16 kHz) and the
 * Twilio Media Streams format, answering every caller frame at once ({@link AgentMode#ECHO}) or speaking in bursts
 * ({@link AgentMode#BURST}). It stamps every caller frame it reads, which gives the inbound latency.
 */
public final class FakeAgentServer {

    private static final long BURST_TIMER_NANOS = 5_000_000L;

    private final EventLoop loop;
    private final InetSocketAddress address;
    private final AgentContext context;
    private Channel server;
    private ScheduledFuture<?> burstTimer;

    /**
     * @param burstFrames  frames (20 ms each) per burst in burst mode
     * @param burstChunks  messages each burst is split into
     * @param burstPeriodMillis time from one burst's start to the next
     * @param echoCycleFrames echo mode: length of one turn cycle in caller frames
     * @param echoPauseFrames echo mode: caller frames at the end of each cycle that get no answer
     */
    public FakeAgentServer(EventLoop loop, InetSocketAddress address, CallDirectory calls, MeasureWindow window,
            AgentMode mode, int burstFrames, int burstChunks, long burstPeriodMillis, int echoCycleFrames,
            int echoPauseFrames) {
        if (echoPauseFrames >= echoCycleFrames) {
            throw new IllegalArgumentException("echo pause must be shorter than the cycle");
        }
        this.loop = loop;
        this.address = address;
        this.context = new AgentContext(calls, window, mode, burstFrames, burstChunks,
                TimeUnit.MILLISECONDS.toNanos(burstPeriodMillis), echoCycleFrames, echoPauseFrames);
    }

    /** Listens; blocks until bound. */
    public void start() {
        String baseWs = "ws://" + address.getAddress().getHostAddress() + ":" + address.getPort();
        server = new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new AgentRequestRouter(context, baseWs));
                    }
                })
                .bind(address).syncUninterruptibly().channel();
        if (context.mode == AgentMode.BURST) {
            burstTimer = loop.scheduleAtFixedRate(this::burstTick, BURST_TIMER_NANOS, BURST_TIMER_NANOS,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** Stops talking (bursts and echoes); the sessions stay open until the gateway closes them. Blocks. */
    public void quiet() {
        loop.submit(() -> context.quiet = true).syncUninterruptibly();
    }

    public void stop() {
        if (burstTimer != null) {
            burstTimer.cancel(false);
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    /** The base URL Vapi's REST API is reached at. */
    public String httpBase() {
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The Twilio Media Streams agent URL. */
    public String twilioUrl() {
        return "ws://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/twilio";
    }

    /** Inbound measurements; read once the loop is quiet (after {@link #snapshot}). */
    public InboundMetrics metrics() {
        return context.metrics;
    }

    /** The counters, read on the agent loop. */
    public Counters snapshot() {
        return loop.submit(() -> new Counters(context.sessionsOpened, context.sessionsClosed, context.callsCreated,
                context.unknownSessions, context.protocolErrors, context.framesReceived, context.framesSent,
                context.messagesSent)).syncUninterruptibly().getNow();
    }

    /** What the agent saw and did. */
    public record Counters(long sessionsOpened, long sessionsClosed, long callsCreated, long unknownSessions,
            long protocolErrors, long framesReceived, long framesSent, long messagesSent) {
    }

    private void burstTick() {
        long now = System.nanoTime();
        for (AgentSession session : new ArrayList<>(context.sessions)) {
            session.burstIfDue(now);
        }
    }
}
