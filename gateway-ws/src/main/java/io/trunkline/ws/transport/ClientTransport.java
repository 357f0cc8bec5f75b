package io.trunkline.ws.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.resolver.AddressResolverGroup;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * How agent connections reach the network: client channels of the event loops' transport (epoll or NIO), and the
 * resolver for agent host names. The gateway passes a non-blocking DNS resolver; without one Netty resolves on the
 * event loop with the JDK's blocking lookup, which is only acceptable for literal addresses (tests, the demo agent).
 *
 * @param channels creates client channels matching the event loops
 * @param resolver resolves host names, or null for Netty's default
 */
public record ClientTransport(ChannelFactory<? extends Channel> channels,
        AddressResolverGroup<? extends SocketAddress> resolver) {

    public ClientTransport {
        Objects.requireNonNull(channels, "channels");
    }

    /** Channels only, with Netty's default (blocking) resolver: for literal addresses. */
    public static ClientTransport of(ChannelFactory<? extends Channel> channels) {
        return new ClientTransport(channels, null);
    }
}
