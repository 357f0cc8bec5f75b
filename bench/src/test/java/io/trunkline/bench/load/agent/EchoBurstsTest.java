package io.trunkline.bench.load.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.LoadCall;
import io.trunkline.bench.load.sip.UacCall;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.trunkline.bench.load.stats.MeasureWindow;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * In {@link AgentMode#ECHO_BURSTS} the Twilio agent answers a call it does not know (SIPp's) with the caller's own
 * audio, ten frames to a message, each message followed by a mark; nothing before ten frames have arrived.
 */
class EchoBurstsTest {

    @Test
    void echoesTenFramesAtOnceThenAMark() {
        AgentContext context = new AgentContext(new CallDirectory(1), new MeasureWindow(), AgentMode.ECHO_BURSTS,
                1, 1, 1_000_000_000L, 100, 0);
        EmbeddedChannel ch = new EmbeddedChannel(new TwilioAgentSession(context, null, 1));
        ch.writeInbound(new TextWebSocketFrame("{\"event\":\"start\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":"
                + "\"MZ1\",\"callSid\":\"CA1churn\"}}"));
        byte[] expected = new byte[1600];
        for (int f = 0; f < 10; f++) {
            byte[] frame = new byte[160];
            Arrays.fill(frame, (byte) (f + 1));
            System.arraycopy(frame, 0, expected, f * 160, 160);
            if (f == 9) {
                assertNull(ch.readOutbound(), "nothing before the tenth frame");
            }
            ch.writeInbound(new TextWebSocketFrame("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\""
                    + Base64.getEncoder().encodeToString(frame) + "\"}}"));
        }
        TextWebSocketFrame media = ch.readOutbound();
        TextWebSocketFrame mark = ch.readOutbound();
        try {
            String text = media.text();
            assertTrue(text.startsWith("{\"event\":\"media\",\"streamSid\":\"MZ1\""), text);
            String payload = text.substring(text.indexOf("\"payload\":\"") + 11, text.length() - 3);
            assertTrue(Arrays.equals(expected, Base64.getDecoder().decode(payload)));
            assertEquals("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"burst-1\"}}", mark.text());
        } finally {
            media.release();
            mark.release();
        }
        assertNull(ch.readOutbound());
        assertEquals(10, context.framesSent);
        assertFalse(ch.finish());
    }

    /**
     * A peer's media messages carry sequence numbers and the payload before {@code streamSid} (sipgate-sip-stream-
     * bridge's shape): read as well, and echoed in the same bursts.
     */
    @Test
    void readsMediaWhosePayloadIsNotLast() {
        AgentContext context = new AgentContext(new CallDirectory(1), new MeasureWindow(), AgentMode.ECHO_BURSTS,
                1, 1, 1_000_000_000L, 100, 0);
        EmbeddedChannel ch = new EmbeddedChannel(new TwilioAgentSession(context, null, 1));
        ch.writeInbound(new TextWebSocketFrame("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"));
        ch.writeInbound(new TextWebSocketFrame("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{"
                + "\"streamSid\":\"MZ2\",\"accountSid\":\"\",\"callSid\":\"CA0123\",\"tracks\":[\"inbound\","
                + "\"outbound\"]},\"streamSid\":\"MZ2\"}"));
        byte[] expected = new byte[1600];
        for (int f = 0; f < 10; f++) {
            byte[] frame = new byte[160];
            Arrays.fill(frame, (byte) (f + 7));
            System.arraycopy(frame, 0, expected, f * 160, 160);
            ch.writeInbound(new TextWebSocketFrame("{\"event\":\"media\",\"sequenceNumber\":\"" + (f + 2)
                    + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + f + "\",\"timestamp\":\"" + f * 160
                    + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(frame) + "\"},\"streamSid\":\"MZ2\"}"));
        }
        TextWebSocketFrame media = ch.readOutbound();
        TextWebSocketFrame mark = ch.readOutbound();
        try {
            String text = media.text();
            assertTrue(text.startsWith("{\"event\":\"media\",\"streamSid\":\"MZ2\""), text);
            String payload = text.substring(text.indexOf("\"payload\":\"") + 11, text.length() - 3);
            assertTrue(Arrays.equals(expected, Base64.getDecoder().decode(payload)));
            assertEquals("{\"event\":\"mark\",\"streamSid\":\"MZ2\",\"mark\":{\"name\":\"burst-1\"}}", mark.text());
        } finally {
            media.release();
            mark.release();
        }
        assertEquals(10, context.framesReceived);
        assertEquals(0, context.protocolErrors);
        assertFalse(ch.finish());
    }

    /**
     * A call the harness places itself (the churn run's probe) gets bursts of the same shape, but of coded frames,
     * frame i of a burst due 20 ms × i after it was sent; an implementation that names its own calls is matched by
     * the SIP Call-ID it passes on in {@code customParameters.sipCallId}.
     */
    @Test
    void answersTheProbeCallWithCodedBurstsDueTwentyMillisecondsApart() {
        CallDirectory directory = new CallDirectory(1);
        LoadCall probe = new LoadCall(0, new UacCall(LoadCall.callId(0, 77), "t", LoadCall.twilioCallSid(0)), 100);
        directory.put(probe);
        AgentContext context = new AgentContext(directory, new MeasureWindow(), AgentMode.ECHO_BURSTS,
                1, 1, 1_000_000_000L, 100, 0);
        EmbeddedChannel ch = new EmbeddedChannel(new TwilioAgentSession(context, null, 1));
        ch.writeInbound(new TextWebSocketFrame("{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ3\","
                + "\"callSid\":\"CA-its-own\",\"customParameters\":{\"sipCallId\":\"" + LoadCall.callId(0, 77)
                + "\"}},\"streamSid\":\"MZ3\"}"));
        byte[] frame = new byte[160];
        for (int f = 0; f < 10; f++) {
            FrameCode.encodeMuLaw(f, frame, 0);
            probe.inbound().sent(f, System.nanoTime());
            ch.writeInbound(new TextWebSocketFrame("{\"event\":\"media\",\"streamSid\":\"MZ3\","
                    + "\"media\":{\"payload\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}}"));
        }
        TextWebSocketFrame media = ch.readOutbound();
        TextWebSocketFrame mark = ch.readOutbound();
        try {
            String text = media.text();
            byte[] payload = Base64.getDecoder().decode(text.substring(text.indexOf("\"payload\":\"") + 11,
                    text.length() - 3));
            assertEquals(1600, payload.length);
            short[] samples = new short[160];
            for (int f = 0; f < 10; f++) {
                FrameCode.muLawToLinear(Arrays.copyOfRange(payload, f * 160, f * 160 + 160), 0, samples);
                assertEquals(f, FrameCode.decode(samples, FrameCode.Layout.MULAW_DIRECT));
            }
            assertTrue(mark.text().contains("\"mark\":{\"name\":\"burst-1\"}"), mark.text());
        } finally {
            media.release();
            mark.release();
        }
        assertEquals(10, probe.outbound().sentCount());
        assertEquals(20_000_000L * 9, probe.outbound().sentAt(9) - probe.outbound().sentAt(0));
        assertEquals(10, probe.inbound().receivedUnique());
        assertEquals(0, context.unknownSessions);
        assertFalse(ch.finish());
    }
}
