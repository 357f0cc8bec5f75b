package io.trunkline.bench.load.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
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
}
