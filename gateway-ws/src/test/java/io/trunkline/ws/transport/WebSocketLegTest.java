package io.trunkline.ws.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.trunkline.core.agent.AgentFailure.Kind;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.observe.DropReason;
import io.trunkline.ws.RecordingListener;
import io.trunkline.ws.Sessions;
import io.trunkline.ws.raw.RawPcmProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's state machine over an EmbeddedChannel that stands for an open WebSocket. */
class WebSocketLegTest {

    private final EmbeddedLegs legs = new EmbeddedLegs(AudioFormat.PCM16_16K,
            RawPcmProtocol.factory(AudioFormat.PCM16_16K),
            new AgentConfig("raw", "ws://127.0.0.1:9/agent", Duration.ofSeconds(5), 4096));
    private final WebSocketConnector connector = legs.connector;
    private final EmbeddedChannel ch = legs.channel;
    private final RecordingListener events = new RecordingListener();
    private final WebSocketLeg leg = legs.connect(Sessions.sample("call-7"), events);

    @AfterEach
    void releaseLeftovers() {
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void handshakeSendsStartThenReportsReadyOnce() {
        leg.onHandshakeComplete();
        leg.onHandshakeComplete();

        assertTrue(readText().contains("\"type\":\"start\""));
        assertNull(ch.readOutbound());
        assertEquals(1, events.ready.get());
        assertTrue(leg.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void audioBeforeReadyIsDroppedAndCounted() {
        leg.sendAudio(ByteBuffer.wrap(new byte[640]));
        leg.sendDtmf(new DtmfDigit('1', 100));

        assertNull(ch.readOutbound());
        assertEquals(1, events.drops(DropReason.AGENT_NOT_READY));
        assertEquals(1, events.drops(DropReason.AGENT_CONTROL), "the key press could not be sent");
        assertEquals(2, events.drops.size());
        assertFalse(ch.finish());
    }

    @Test
    void audioAfterReadyGoesOutAsOneBinaryFrame() {
        open();
        byte[] pcm = new byte[640];
        pcm[0] = 42;

        leg.sendAudio(ByteBuffer.wrap(pcm));

        BinaryWebSocketFrame frame = ch.readOutbound();
        try {
            assertArrayEquals(pcm, ByteBufUtil.getBytes(frame.content()));
        } finally {
            frame.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void audioIsDroppedAndCountedWhileTheChannelIsNotWritable() {
        open();
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        leg.sendAudio(ByteBuffer.wrap(new byte[640]));
        leg.sendAudio(ByteBuffer.wrap(new byte[640]));

        assertNull(ch.readOutbound());
        assertEquals(2, events.drops(DropReason.AGENT_NOT_READING));
        assertEquals(1, events.drops.size());
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        leg.sendAudio(ByteBuffer.wrap(new byte[640]));
        ReferenceCountUtil.release(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void agentAudioAndControlReachTheListener() {
        open();

        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        ch.writeInbound(text("{\"type\":\"clear\"}"));
        ch.writeInbound(text("{\"type\":\"mark\",\"name\":\"m1\"}"));

        assertArrayEquals(new byte[] {1, 2, 3}, events.audio());
        assertEquals(1, events.clears.get());
        assertEquals(List.of("m1"), events.marks);
        assertFalse(ch.finish());
    }

    @Test
    void badJsonClosesWith1007AndReportsAProtocolError() {
        open();

        ch.writeInbound(text("{\"type\":"));

        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertEquals(1007, close.statusCode());
        } finally {
            close.release();
        }
        assertFalse(ch.isOpen());
        assertEquals(1, events.disconnected.size());
        assertEquals(Kind.PROTOCOL, events.disconnected.get(0).kind());
        assertEquals(1, events.terminalEvents());
        assertEquals(1, connector.stats().protocolErrors());
        assertFalse(ch.finish());
    }

    @Test
    void oversizedFrameClosesWith1009AndReportsAProtocolError() {
        open();

        ch.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "Max frame length of 4096 has been exceeded."));

        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertEquals(1009, close.statusCode());
        } finally {
            close.release();
        }
        assertEquals(Kind.PROTOCOL, events.disconnected.get(0).kind());
        assertFalse(ch.finish());
    }

    @Test
    void unknownMessagesAreCountedByLegAndConnector() {
        open();

        ch.writeInbound(text("{\"type\":\"transcript\"}"));

        assertEquals(1, leg.ignoredMessages());
        assertEquals(1, connector.stats().ignoredMessages());
        assertTrue(ch.isOpen());
        assertEquals(0, events.terminalEvents());
        assertFalse(ch.finish());
    }

    @Test
    void aNormalCloseFromTheAgentIsItsHangup() {
        open();

        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));

        CloseWebSocketFrame reply = ch.readOutbound();
        try {
            assertEquals(1000, reply.statusCode());
        } finally {
            reply.release();
        }
        assertEquals(1, events.hangups.size());
        assertEquals(1, events.terminalEvents());
        assertFalse(ch.finish());
    }

    @Test
    void agentCloseIsEchoedAndReportedOnceAsConnectionLost() {
        open();

        ch.writeInbound(new CloseWebSocketFrame(1001, "going away"));

        CloseWebSocketFrame reply = ch.readOutbound();
        try {
            assertEquals(1001, reply.statusCode());
        } finally {
            reply.release();
        }
        assertFalse(ch.isOpen());
        assertEquals(1, events.disconnected.size());
        assertEquals(Kind.CONNECTION_LOST, events.disconnected.get(0).kind());
        assertEquals(1, events.terminalEvents());
        assertFalse(ch.finish());
    }

    @Test
    void closeSendsNormalClosureOnceAndReportsNothing() {
        open();

        leg.close();
        leg.close();

        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertEquals(1000, close.statusCode());
        } finally {
            close.release();
        }
        assertNull(ch.readOutbound());
        assertFalse(ch.isOpen());
        assertEquals(0, events.terminalEvents());
        assertFalse(ch.finish());
    }

    @Test
    void callerHangupTellsTheAgentThenCloses() {
        open();

        leg.gatewayEnded();
        leg.close();

        assertEquals("{\"type\":\"hangup\"}", readText());
        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertEquals(1000, close.statusCode());
        } finally {
            close.release();
        }
        assertNull(ch.readOutbound());
        assertEquals(0, events.terminalEvents());
        assertFalse(ch.finish());
    }

    @Test
    void agentHangupIsTheOnlyTerminalEvent() {
        open();

        ch.writeInbound(text("{\"type\":\"hangup\",\"reason\":\"done\"}"));
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
        ch.close();

        assertEquals(List.of("done"), events.hangups);
        assertEquals(0, events.audioBytes());
        assertEquals(1, events.terminalEvents());
        assertFalse(ch.finish());
    }

    @Test
    void pingIsAnsweredWithTheSamePayload() {
        open();

        ch.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {7, 8})));

        WebSocketFrame pong = ch.readOutbound();
        try {
            assertInstanceOf(PongWebSocketFrame.class, pong);
            assertArrayEquals(new byte[] {7, 8}, ByteBufUtil.getBytes(pong.content()));
        } finally {
            pong.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void connectionLossBeforeTheHandshakeIsAFailureNotADisconnect() {
        ch.close();

        assertEquals(1, events.failed.size());
        assertEquals(Kind.UNAVAILABLE, events.failed.get(0).kind());
        assertEquals(0, events.ready.get());
        assertFalse(ch.finish());
    }

    private void open() {
        leg.onHandshakeComplete();
        readText();
        assertEquals(1, events.ready.get());
    }

    private String readText() {
        TextWebSocketFrame frame = ch.readOutbound();
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }

    private static TextWebSocketFrame text(String s) {
        return new TextWebSocketFrame(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }
}
