package io.trunkline.bench.load.agent;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;

/**
 * The fake agent's side of Vapi's WebSocket transport with {@code pcm_s16le} at 16 kHz: binary frames of raw PCM16
 * both ways; text (the gateway's {@code hangup}) is ignored. The call is known from the URL the fake
 * {@code POST /call} handed out.
 */
final class VapiAgentSession extends AgentSession {

    private static final int FRAME_BYTES = 640;
    private final byte[] raw = new byte[FRAME_BYTES];

    VapiAgentSession(AgentContext context, WebSocketServerHandshaker handshaker, LoadCall call, int seed) {
        super(context, handshaker, FrameCode.Layout.PCM16_UPSAMPLED, call, seed);
        if (call == null) {
            context.unknownSessions++;
        }
    }

    @Override
    int frameBytes() {
        return FRAME_BYTES;
    }

    @Override
    void encodeFrame(int id, byte[] dst, int off) {
        FrameCode.encodePcm16(id, dst, off);
    }

    @Override
    void writeAudio(byte[] data, int off, int len) {
        ByteBuf buf = channel.alloc().directBuffer(len);
        buf.writeBytes(data, off, len);
        channel.write(new BinaryWebSocketFrame(buf), channel.voidPromise());
        context.messagesSent++;
    }

    @Override
    void onText(TextWebSocketFrame frame) {
        // {"type":"hangup"} when the caller hangs up; the close follows.
    }

    @Override
    void onBinary(BinaryWebSocketFrame frame) {
        long now = System.nanoTime();
        ByteBuf data = frame.content();
        if (data.readableBytes() != FRAME_BYTES) {
            if (call != null) {
                call.inbound().undecodable();
            }
            return;
        }
        data.getBytes(data.readerIndex(), raw);
        FrameCode.pcm16ToLinear(raw, 0, samples());
        onCallerFrame(now, samples(), raw, FRAME_BYTES);
    }
}
