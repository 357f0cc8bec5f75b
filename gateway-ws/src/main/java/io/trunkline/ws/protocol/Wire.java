package io.trunkline.ws.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The outbound side of one agent connection, as an {@link AgentProtocol} sees it. Implemented by the transport;
 * all methods are called on the call's loop.
 */
public interface Wire {

    /** The allocator to build outbound frames with (pooled on a real channel). */
    ByteBufAllocator alloc();

    /** Sends one text frame holding {@code utf8}. Takes ownership of the buffer, even when it cannot be sent. */
    void sendText(ByteBuf utf8);

    /** Sends one binary frame holding {@code data}. Takes ownership of the buffer, even when it cannot be sent. */
    void sendBinary(ByteBuf data);

    /** Records that an inbound message was ignored (not understood, or, where the protocol tolerates it, malformed). */
    void countIgnored();
}
