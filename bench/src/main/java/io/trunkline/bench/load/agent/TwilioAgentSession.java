package io.trunkline.bench.load.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fake agent's side of the Twilio Media Streams format: reads {@code start} (whose {@code callSid} is the
 * X-Twilio-CallSid the harness sent, naming the call; or, from an implementation that makes up its own call SIDs,
 * whose {@code customParameters.sipCallId} is the harness's SIP Call-ID) and {@code media} (base64 μ-law), and
 * answers with {@code media} messages. {@code media} from the gateway is read without a JSON parser: it ends with
 * {@code "payload":"<base64>"}}}, so the payload is found from the end; media of another shape that starts with
 * {@code {"event":"media"} (a peer's, with sequence numbers and the payload inside) has its payload found from the
 * front; anything else goes through Jackson.
 */
final class TwilioAgentSession extends AgentSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MEDIA_PREFIX = "{\"event\":\"media\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_KEY = "\"payload\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUT_TAIL = "\"}}".getBytes(StandardCharsets.US_ASCII);

    private final byte[] raw = new byte[4096];
    private byte[] outHead;
    private String streamSid;

    TwilioAgentSession(AgentContext context, WebSocketServerHandshaker handshaker, int seed) {
        super(context, handshaker, FrameCode.Layout.MULAW_DIRECT, null, seed);
    }

    @Override
    int frameBytes() {
        return 160;
    }

    @Override
    void encodeFrame(int id, byte[] dst, int off) {
        FrameCode.encodeMuLaw(id, dst, off);
    }

    @Override
    void writeAudio(byte[] data, int off, int len) {
        if (outHead == null) {
            return; // no start yet: nothing to address the media to
        }
        ByteBuf buf = channel.alloc().directBuffer(outHead.length + Base64Codec.encodedLength(len) + OUT_TAIL.length);
        buf.writeBytes(outHead);
        Base64Codec.encode(data, off, len, buf);
        buf.writeBytes(OUT_TAIL);
        channel.write(new TextWebSocketFrame(buf), channel.voidPromise());
        context.messagesSent++;
    }

    @Override
    void onText(TextWebSocketFrame frame) {
        long now = System.nanoTime();
        ByteBuf text = frame.content();
        int payloadAt = mediaPayloadStart(text);
        int end = text.writerIndex() - 3;
        if (payloadAt < 0) {
            // Another sender's media shape (a peer's: more fields, the payload before streamSid): found from the front.
            payloadAt = mediaPayloadFromFront(text);
            end = payloadAt < 0 ? -1 : text.indexOf(payloadAt, text.writerIndex(), (byte) '"');
            payloadAt = end < 0 ? -1 : payloadAt;
        }
        if (payloadAt >= 0) {
            int n = Base64Codec.decode(text, payloadAt, end - payloadAt, raw);
            if (n == 160) {
                FrameCode.muLawToLinear(raw, 0, samples());
                onCallerFrame(now, samples(), raw, n);
            } else if (n > 0 && call == null) {
                onCallerFrameRaw(n);
            } else if (call != null) {
                call.inbound().undecodable();
            }
            return;
        }
        onControl(text);
    }

    @Override
    void onBinary(BinaryWebSocketFrame frame) {
        context.protocolErrors++;
    }

    private void onCallerFrameRaw(int n) {
        context.framesReceived++;
        echoUnknown(raw, n);
    }

    @Override
    void writeMark(String name) {
        if (streamSid == null) {
            return;
        }
        String mark = "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}";
        channel.write(new TextWebSocketFrame(mark), channel.voidPromise());
        context.messagesSent++;
    }

    /** Index of the base64 payload of a gateway media message, or -1 when the message has another shape. */
    private static int mediaPayloadStart(ByteBuf text) {
        int start = text.readerIndex();
        int end = text.writerIndex();
        if (end - start < MEDIA_PREFIX.length + 4 || !matches(text, start, MEDIA_PREFIX)
                || text.getByte(end - 1) != '}' || text.getByte(end - 2) != '}' || text.getByte(end - 3) != '"') {
            return -1;
        }
        int quote = end - 4;
        while (quote > start && text.getByte(quote) != '"') {
            quote--;
        }
        int keyAt = quote - PAYLOAD_KEY.length + 1;
        return keyAt > start && matches(text, keyAt, PAYLOAD_KEY) ? quote + 1 : -1;
    }

    /**
     * Index of the base64 payload of a media message whose payload is not last (another implementation's, e.g.
     * {@code {"event":"media","sequenceNumber":"2","media":{"track":"inbound",...,"payload":"..."},"streamSid":...}}),
     * or -1.
     */
    private static int mediaPayloadFromFront(ByteBuf text) {
        int start = text.readerIndex();
        int end = text.writerIndex();
        if (end - start < MEDIA_PREFIX.length + PAYLOAD_KEY.length || !matches(text, start, MEDIA_PREFIX)) {
            return -1;
        }
        for (int i = start + MEDIA_PREFIX.length; i <= end - PAYLOAD_KEY.length; i++) {
            if (text.getByte(i) == '"' && matches(text, i, PAYLOAD_KEY)) {
                return i + PAYLOAD_KEY.length;
            }
        }
        return -1;
    }

    private static boolean matches(ByteBuf buf, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (buf.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private void onControl(ByteBuf text) {
        JsonNode message;
        try {
            message = JSON.readTree((java.io.InputStream) new ByteBufInputStream(text.duplicate()));
        } catch (IOException e) {
            context.protocolErrors++;
            return;
        }
        String event = message.path("event").asText("");
        if (event.equals("start")) {
            streamSid = message.path("start").path("streamSid").asText(message.path("streamSid").asText(""));
            outHead = ("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\"")
                    .getBytes(StandardCharsets.US_ASCII);
            JsonNode start = message.path("start");
            int index = LoadCall.indexOfSid(start.path("callSid").asText(null));
            if (index < 0) {
                // Another implementation names its own calls; the SIP Call-ID it passes on names the harness's.
                index = LoadCall.indexOfCallId(start.path("customParameters").path("sipCallId").asText(null));
            }
            LoadCall c = context.calls.get(index);
            if (c == null) {
                context.unknownSessions++;
            }
            bind(c);
        } else if (event.equals("media")) {
            // A media message in an unexpected shape (whitespace, field order): decode it the slow way.
            byte[] payload = java.util.Base64.getDecoder().decode(message.path("media").path("payload").asText(""));
            if (payload.length == 160 && call != null) {
                System.arraycopy(payload, 0, raw, 0, 160);
                FrameCode.muLawToLinear(raw, 0, samples());
                onCallerFrame(System.nanoTime(), samples(), raw, 160);
            }
        }
    }
}
