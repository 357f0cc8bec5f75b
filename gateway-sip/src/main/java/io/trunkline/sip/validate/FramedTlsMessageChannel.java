package io.trunkline.sip.validate;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import io.trunkline.sip.validate.StreamFramer.FramingException;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A TLS connection of the stack whose decrypted octets are framed by the {@link StreamFramer}. A stream that can no
 * longer be framed is closed without a 400: the answer would have to go through the stack's encrypting send queue,
 * which the close discards.
 */
final class FramedTlsMessageChannel extends NioTlsMessageChannel {
    private final StreamFramer framer;

    FramedTlsMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        this.framer = new StreamFramer(sipStack.getMaxMessageSize());
    }

    @Override
    public void addPlaintextBytes(byte[] bytes) throws Exception {
        try {
            framer.feed(bytes, this::frame);
        } catch (FramingException e) {
            FramingRefusals.log("TLS", getPeerInetAddress(), e.getMessage(), false);
            throw e;
        }
    }

    private void frame(byte[] message) throws Exception {
        super.addPlaintextBytes(message);
    }
}
