package io.trunkline.sip.validate;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import io.trunkline.sip.validate.StreamFramer.FramingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A TCP connection of the stack whose octets are framed by the {@link StreamFramer} before the stack's own framer
 * sees them. Runs on the stack's selector thread, as the stack's channel does.
 */
final class FramedTcpMessageChannel extends NioTcpMessageChannel {
    /** Writes of the refusal tried before the connection is closed anyway (the socket does not block). */
    private static final int REFUSAL_WRITES = 8;

    private final StreamFramer framer;

    FramedTcpMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        this.framer = new StreamFramer(sipStack.getMaxMessageSize());
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        try {
            framer.feed(bytes, this::frame);
        } catch (FramingException e) {
            byte[] refusal = e.refusal();
            boolean answered = refusal != null && writeNow(refusal);
            FramingRefusals.log("TCP", getPeerInetAddress(), e.getMessage(), answered);
            throw e; // the stack closes the connection
        }
    }

    private void frame(byte[] message) throws Exception {
        super.addBytes(message);
    }

    /**
     * Writes {@code bytes} at once rather than through the stack's send queue, which is only flushed after the
     * close that follows.
     */
    private boolean writeNow(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            for (int i = 0; i < REFUSAL_WRITES && buffer.hasRemaining(); i++) {
                if (socketChannel.write(buffer) == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return !buffer.hasRemaining();
    }
}
