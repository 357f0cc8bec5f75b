package io.trunkline.sip.validate;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import io.trunkline.sip.validate.StreamFramer.FramingException;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A TLS connection of the stack whose decrypted octets are framed by the {@link StreamFramer}. A stream that can no
 * longer be framed gets its 400 through the stack's encrypting send queue, is read no further, and is closed a moment
 * later, once the answer had the time to leave (closing at once would discard it).
 */
final class FramedTlsMessageChannel extends NioTlsMessageChannel {
    /** How long a refusal is given to leave before the connection is closed. */
    static final long REFUSAL_LINGER_MILLIS = 500;

    private final StreamFramer framer;
    private boolean refused;

    FramedTlsMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        this.framer = new StreamFramer(sipStack.getMaxMessageSize());
    }

    @Override
    public void addPlaintextBytes(byte[] bytes) throws Exception {
        if (refused) {
            return; // the stream has ended: what follows the refused message is not read
        }
        try {
            framer.feed(bytes, this::frame);
        } catch (FramingException e) {
            refused = true;
            byte[] refusal = e.refusal();
            boolean answered = refusal != null && answerThenClose(refusal);
            FramingRefusals.log("TLS", getPeerInetAddress(), e.getMessage(), answered);
            if (!answered) {
                throw e; // the stack closes the connection at once
            }
        }
    }

    private void frame(byte[] message) throws Exception {
        super.addPlaintextBytes(message);
    }

    private boolean answerThenClose(byte[] refusal) {
        try {
            sendMessage(refusal, false);
            return sipStack.getTimer().schedule(new CloseTask(), REFUSAL_LINGER_MILLIS);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Closes the refused connection on the stack's timer. */
    private final class CloseTask extends SIPStackTimerTask {
        @Override
        public void runTask() {
            close(true, true);
        }

        @Override
        public Object getThreadHash() {
            return null;
        }
    }
}
