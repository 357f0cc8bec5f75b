package io.trunkline.sip.validate;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * The stack's {@code MESSAGE_PROCESSOR_FACTORY}: the stack's NIO transports, except that the connections TCP and TLS
 * accept frame their messages with the {@link StreamFramer}. UDP (a datagram is one message) is the stack's own.
 */
public final class FramingProcessorFactory extends NioMessageProcessorFactory {
    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if ("TCP".equalsIgnoreCase(transport)) {
            return new Tcp(address, stack, port);
        }
        if ("TLS".equalsIgnoreCase(transport)) {
            return new Tls(address, stack, port);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }

    /** TCP: the stack's processor, whose new connections get a {@link FramedTcpMessageChannel}. */
    static final class Tcp extends NioTcpMessageProcessor {
        Tcp(InetAddress address, SIPTransactionStack stack, int port) {
            super(address, stack, port);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
                throws IOException {
            // The stack's method takes a channel already registered for the socket and finishes setting it up.
            if (nioHandler.getMessageChannel(socket) == null) {
                nioHandler.putMessageChannel(socket, new FramedTcpMessageChannel(processor, socket));
            }
            return super.createMessageChannel(processor, socket);
        }
    }

    /** TLS: the stack's processor, whose new connections get a {@link FramedTlsMessageChannel}. */
    static final class Tls extends NioTlsMessageProcessor {
        Tls(InetAddress address, SIPTransactionStack stack, int port) {
            super(address, stack, port);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
                throws IOException {
            if (nioHandler.getMessageChannel(socket) == null) {
                nioHandler.putMessageChannel(socket, new FramedTlsMessageChannel(processor, socket));
            }
            return super.createMessageChannel(processor, socket);
        }
    }
}
