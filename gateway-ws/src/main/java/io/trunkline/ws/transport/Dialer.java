package io.trunkline.ws.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;

/**
 * Opens the channel of one leg toward its endpoint, with the leg's handlers in its pipeline. The connector dials
 * TCP [and TLS] and runs the WebSocket handshake; a test can hand over an {@code EmbeddedChannel} instead.
 */
@FunctionalInterface
interface Dialer {
    ChannelFuture dial(EventLoop loop, Endpoint endpoint, WebSocketLeg leg);
}
