package io.trunkline.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.trunkline.ws.twilio.FakeTwilioAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a {@link FakeTwilioAgent} stream received; {@link #tap} adds arrival times for messages that come after it is
 * installed.
 */
final class StreamView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamView() {
    }

    /** Every message the stream received, parsed, in order. */
    static List<JsonNode> messages(FakeTwilioAgent.Stream stream) {
        return stream.messages();
    }

    /** The messages with {@code event}, in order. */
    static List<JsonNode> events(FakeTwilioAgent.Stream stream, String event) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : messages(stream)) {
            if (event.equals(m.path("event").asText())) {
                found.add(m);
            }
        }
        return found;
    }

    /** The {@code start} object of the start message, or null before it arrived. */
    static JsonNode start(FakeTwilioAgent.Stream stream) {
        return stream.start();
    }

    /** One text message with the time it reached the agent's handler. */
    record Timed(long nanos, JsonNode message) {
        String event() {
            return message.path("event").asText();
        }
    }

    /** Text messages timed on arrival, from installation on. */
    static final class Tap extends ChannelInboundHandlerAdapter {
        final List<Timed> messages = new CopyOnWriteArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text) {
                try {
                    messages.add(new Timed(System.nanoTime(), JSON.readTree(text.text())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            ctx.fireChannelRead(msg); // the fake's own handler owns and releases it
        }

        /** The first message with {@code event} and {@code mark.name} (null: any name), or null. */
        Timed find(String event, String markName) {
            for (Timed t : messages) {
                if (t.event().equals(event)
                        && (markName == null || markName.equals(t.message().path("mark").path("name").asText()))) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Installs a {@link Tap} just before the fake's own handler. */
    static Tap tap(FakeTwilioAgent.Stream stream) {
        Tap tap = new Tap();
        ChannelPipeline p = stream.channel.pipeline();
        p.addBefore(p.lastContext().name(), "timing-tap", tap);
        return tap;
    }
}
