package io.trunkline.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports that are free right now. Nothing reserves them: a test binds them soon after, and the gateway's own
 * allocators skip ports in use anyway.
 */
public final class FreePorts {
    private static final int ATTEMPTS = 50;
    /** Where {@link #udpAndTcp()} looks: below the ephemeral range and below the RTP ranges the tests use. */
    private static final int LOW_MIN = 12_000;
    private static final int LOW_MAX = 20_000;

    private FreePorts() {
    }

    /** A loopback UDP port free right now. */
    public static int udp() {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return udp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A loopback TCP port free right now. Nobody listens on it, so it also serves as a port whose connections are
     * refused.
     */
    public static int tcp() {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return tcp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A loopback port free for both UDP and TCP right now: a SIP listener binds both. It is taken below Linux's
     * ephemeral range (32768 and up), so no outgoing connection of this machine can be given it between this check
     * and the listener's bind, as happened to a gateway started by a test.
     */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = LOW_MIN + ThreadLocalRandom.current().nextInt(LOW_MAX - LOW_MIN);
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                    ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // one side in use: try another
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP in " + LOW_MIN + "-" + LOW_MAX);
    }
}
