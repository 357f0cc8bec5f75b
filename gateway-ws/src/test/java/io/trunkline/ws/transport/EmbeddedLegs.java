package io.trunkline.ws.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.ws.protocol.AgentProtocol;
import java.net.URI;

/**
 * Legs over an {@link EmbeddedChannel} that stands for a connected socket: the connector's dialer hands the
 * channel over instead of dialling, with the leg's frame handler as its whole pipeline, so a test drives the real
 * connect path and then completes the WebSocket handshake itself.
 */
final class EmbeddedLegs {

    final EmbeddedChannel channel = new EmbeddedChannel();
    final WebSocketConnector connector;

    EmbeddedLegs(AudioFormat format, AgentProtocol.Factory protocol, AgentConfig config) {
        this.connector = WebSocketConnector.builder("raw", format)
                .uri(URI.create("ws://127.0.0.1:9/agent"))
                .protocol(protocol)
                .config(config)
                .channelFactory(NioSocketChannel::new)
                .dialer((loop, endpoint, leg) -> {
                    channel.pipeline().addLast(new FrameHandler(leg));
                    return channel.newSucceededFuture();
                })
                .build();
    }

    /** Connects a leg for {@code session}: resolved and dialled, its handshake not yet complete. */
    WebSocketLeg connect(AgentSession session, AgentEvents events) {
        WebSocketLeg leg = connector.connect(session, new TestCallLoop(channel.eventLoop()), events);
        channel.runPendingTasks(); // the endpoint's resolution is handed over to the loop
        return leg;
    }
}
