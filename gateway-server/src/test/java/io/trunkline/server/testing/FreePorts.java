package io.trunkline.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports that are free right now. Nothing reserves them: a test binds them soon after, and the gateway's own
 * allocators skip ports in use anyway.
 */
public final class FreePorts {
    private static final int ATTEMPTS = 50;

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

    /** A loopback port free for both UDP and TCP right now: a SIP listener binds both. */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // TCP side in use: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP");
    }
}
