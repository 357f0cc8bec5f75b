package io.trunkline.sip.uac;

import java.io.IOException;
import java.util.function.Consumer;

/** How the test UAC reaches the server: raw SIP text over UDP or TCP on loopback. */
public interface UacTransport extends AutoCloseable {

    /** {@code UDP} or {@code TCP}, as written in Via. */
    String name();

    int localPort();

    void send(String message) throws IOException;

    /** Starts delivering every received message to {@code sink} on a reader thread. */
    void start(Consumer<String> sink);

    @Override
    void close();
}
