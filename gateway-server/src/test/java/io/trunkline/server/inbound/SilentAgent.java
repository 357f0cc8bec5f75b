package io.trunkline.server.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent that accepts TCP connections, reads what the gateway sends (the WebSocket upgrade request) and never
 * answers: the handshake hangs until the gateway gives up. Records each connection's request and whether the
 * gateway closed it.
 */
final class SilentAgent implements AutoCloseable {

    /** One accepted connection. */
    static final class Connection {
        final Socket socket;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();
        volatile boolean closedByPeer;

        Connection(Socket socket) {
            this.socket = socket;
        }

        synchronized String request() {
            return request.toString(StandardCharsets.ISO_8859_1);
        }

        private synchronized void append(byte[] b, int n) {
            request.write(b, 0, n);
        }
    }

    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    SilentAgent() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "silent-agent-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/agent");
    }

    List<Connection> connections() {
        return List.copyOf(connections);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Connection c = new Connection(s);
            connections.add(c);
            Thread reader = new Thread(() -> read(c), "silent-agent-conn-" + s.getPort());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private static void read(Connection c) {
        byte[] buf = new byte[4096];
        try (InputStream in = c.socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                c.append(buf, n);
            }
            c.closedByPeer = true;
        } catch (IOException e) {
            if (!c.socket.isClosed()) {
                c.closedByPeer = true; // reset by the gateway: dropped as well
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : connections) {
            c.socket.close();
        }
    }
}
