package io.trunkline.bench.load.agent;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;
import java.util.SplittableRandom;

/**
 * One agent WebSocket session, serving one call. Subclasses speak a wire format; this class identifies each caller
 * frame (its {@link FrameCode} id, hence its send time), stamps it, and answers: in {@link AgentMode#ECHO} one
 * coded frame per caller frame at once, in {@link AgentMode#BURST} bursts driven by {@link #burstIfDue}. A session
 * whose call the harness does not know (SIPp's calls) echoes the caller's bytes back unchanged. Agent loop only.
 */
abstract class AgentSession extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** Frames per message in {@link AgentMode#ECHO_BURSTS}: 200 ms. */
    static final int BURST_ECHO_FRAMES = 10;
    private static final long FRAME_NANOS = 20_000_000L;

    protected final AgentContext context;
    private final WebSocketServerHandshaker handshaker;
    private final FrameCode.Layout inboundLayout;
    private final short[] samples;
    private final byte[] burst;
    private final SplittableRandom random;
    protected Channel channel;
    protected LoadCall call;
    private long lastFrameNanos;
    private long nextBurstNanos;
    private byte[] echoBurst;
    private byte[] codedBurst;
    private int callerFramesInBurst;
    private int echoBurstLength;
    private int marks;

    AgentSession(AgentContext context, WebSocketServerHandshaker handshaker, FrameCode.Layout inboundLayout,
            LoadCall call, int seed) {
        this.context = context;
        this.handshaker = handshaker;
        this.inboundLayout = inboundLayout;
        this.samples = new short[inboundLayout.samples()];
        this.burst = new byte[Math.max(1, context.burstFrames) * frameBytes()];
        this.random = new SplittableRandom(seed);
        this.call = call;
    }

    /** Bytes of one 20 ms frame in this session's format. */
    abstract int frameBytes();

    /** Writes the frame with id {@code id} in this session's format at {@code dst[off..]}. */
    abstract void encodeFrame(int id, byte[] dst, int off);

    /** Sends {@code len} bytes of audio as one message (not flushed). */
    abstract void writeAudio(byte[] data, int off, int len);

    /** Sends a mark named {@code name} after the audio written so far (not flushed); formats without marks skip it. */
    void writeMark(String name) {
    }

    abstract void onText(TextWebSocketFrame frame);

    abstract void onBinary(BinaryWebSocketFrame frame);

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        context.sessions.add(this);
        context.sessionsOpened++;
        bind(call);
    }

    /** Attaches the session to its call (possibly later, when the wire format names the call). */
    protected void bind(LoadCall c) {
        this.call = c;
        if (c != null) {
            c.agentConnected(true);
            // Bursts of different calls start at different times, as independent conversations would.
            nextBurstNanos = System.nanoTime() + random.nextLong(Math.max(1, context.burstPeriodNanos));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        context.sessions.remove(this);
        context.sessionsClosed++;
        if (call != null) {
            call.agentConnected(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            onText(text);
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            onBinary(binary);
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        context.protocolErrors++;
        ctx.close();
    }

    /**
     * A caller frame arrived at {@code now}, decoded to linear samples by the subclass ({@code raw} is what came
     * on the wire, echoed back to calls the harness does not know).
     */
    protected void onCallerFrame(long now, short[] decoded, byte[] raw, int rawLength) {
        context.framesReceived++;
        if (call == null) {
            echoUnknown(raw, rawLength);
            return;
        }
        boolean measured = context.window.contains(now);
        int id = FrameCode.decode(decoded, inboundLayout);
        if (id >= 0) {
            long sentAt = call.inbound().received(id);
            if (sentAt > 0 && measured) {
                context.metrics.latency.record(now - sentAt);
                context.metrics.timeline.record(now, now - sentAt);
                call.inbound().latency(now - sentAt);
            }
        } else if (id == FrameCode.INVALID) {
            call.inbound().undecodable();
        }
        if (measured && lastFrameNanos != 0) {
            context.metrics.intervalError.record(Math.abs(now - lastFrameNanos - 20_000_000L));
        }
        lastFrameNanos = now;
        if (context.mode == AgentMode.ECHO && !context.quiet && call.outbound().hasRoom() && talking(id)) {
            int index = call.outbound().nextIndex();
            encodeFrame(index & 0xffff, burst, 0);
            call.outbound().sent(index, System.nanoTime());
            writeAudio(burst, 0, frameBytes());
            channel.flush();
            context.framesSent++;
        } else if (context.mode == AgentMode.ECHO_BURSTS && !context.quiet) {
            answerInBursts();
        }
    }

    /**
     * {@link AgentMode#ECHO_BURSTS} for a call the harness knows (a probe call): after every ten caller frames, ten
     * coded frames in one message and a mark, the shape of the echo SIPp's calls get. Frame i of a message is
     * stamped as due 20 ms × i after the message was sent: when a faithful playout would play it.
     */
    private void answerInBursts() {
        if (++callerFramesInBurst < BURST_ECHO_FRAMES) {
            return;
        }
        callerFramesInBurst = 0;
        if (!call.outbound().hasRoom(BURST_ECHO_FRAMES)) {
            return;
        }
        if (codedBurst == null) {
            codedBurst = new byte[BURST_ECHO_FRAMES * frameBytes()];
        }
        int first = call.outbound().nextIndex();
        for (int i = 0; i < BURST_ECHO_FRAMES; i++) {
            encodeFrame((first + i) & 0xffff, codedBurst, i * frameBytes());
        }
        long stamp = System.nanoTime();
        for (int i = 0; i < BURST_ECHO_FRAMES; i++) {
            call.outbound().sent(first + i, stamp + i * FRAME_NANOS);
        }
        writeAudio(codedBurst, 0, codedBurst.length);
        writeMark("burst-" + ++marks);
        channel.flush();
        context.framesSent += BURST_ECHO_FRAMES;
    }

    /**
     * Echoes the bytes of a caller frame of a call the harness does not know: at once in {@link AgentMode#ECHO}, in
     * bursts of ten frames (200 ms), each followed by a mark, in {@link AgentMode#ECHO_BURSTS}.
     */
    protected void echoUnknown(byte[] raw, int length) {
        if (context.quiet) {
            return;
        }
        if (context.mode == AgentMode.ECHO) {
            writeAudio(raw, 0, length);
            channel.flush();
            context.framesSent++;
        } else if (context.mode == AgentMode.ECHO_BURSTS) {
            if (echoBurst == null) {
                echoBurst = new byte[BURST_ECHO_FRAMES * length];
            }
            if (echoBurstLength + length > echoBurst.length) {
                echoBurstLength = 0; // frames of another size than the first: start the burst again
            }
            System.arraycopy(raw, 0, echoBurst, echoBurstLength, length);
            echoBurstLength += length;
            if (echoBurstLength == echoBurst.length) {
                writeAudio(echoBurst, 0, echoBurstLength);
                writeMark("burst-" + ++marks);
                channel.flush();
                echoBurstLength = 0;
                context.framesSent += BURST_ECHO_FRAMES;
            }
        }
    }

    /**
     * Echo mode answers in turns: it stays silent for the last {@link AgentContext#echoPauseFrames} of every
     * {@link AgentContext#echoCycleFrames} caller frames. A frame answered at once joins the playout queue behind
     * whatever is there, so without pauses any backlog the gateway ever built (a stall that skipped pacer slots)
     * would stay for the rest of the call; the pauses let the queue drain, as it does between real turns.
     */
    private boolean talking(int callerId) {
        if (context.echoPauseFrames <= 0 || callerId < 0) {
            return true;
        }
        return callerId % context.echoCycleFrames < context.echoCycleFrames - context.echoPauseFrames;
    }

    /** Linear samples buffer sized for this session's inbound frames. */
    protected short[] samples() {
        return samples;
    }

    /** In burst mode, sends a burst when this session's next one is due. */
    void burstIfDue(long now) {
        if (call == null || context.quiet || context.mode != AgentMode.BURST || now < nextBurstNanos
                || !channel.isActive()) {
            return;
        }
        nextBurstNanos += context.burstPeriodNanos;
        int frames = context.burstFrames;
        if (!call.outbound().hasRoom(frames)) {
            return;
        }
        int first = call.outbound().nextIndex();
        for (int i = 0; i < frames; i++) {
            encodeFrame((first + i) & 0xffff, burst, i * frameBytes());
        }
        long stamp = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            call.outbound().sent(first + i, stamp);
        }
        writeChunks(frames * frameBytes());
        channel.flush();
        context.framesSent += frames;
    }

    /** Splits the burst into messages of irregular sizes (whole samples), as a TTS stream arrives. */
    private void writeChunks(int total) {
        int chunks = Math.max(1, context.burstChunks);
        int mean = total / chunks;
        int at = 0;
        for (int c = 0; c < chunks && at < total; c++) {
            int size = c == chunks - 1 ? total - at
                    : Math.min(total - at, Math.max(2, (int) (mean * (0.3 + 1.4 * random.nextDouble()))) & ~1);
            writeAudio(burst, at, size);
            at += size;
        }
        if (at < total) {
            writeAudio(burst, at, total - at);
        }
    }
}
