package io.trunkline.sip.uac;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One UDP socket talking to the server on 127.0.0.1, bound to 127.0.0.1 or to another loopback address (127.0.0.2,
 * ...) so that a test can send from a source the server's allowlist does not contain.
 */
public final class UdpTransport implements UacTransport {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private Thread reader;

    public UdpTransport(int serverPort) throws IOException {
        this(InetAddress.getLoopbackAddress(), serverPort);
    }

    public UdpTransport(String localAddress, int serverPort) throws IOException {
        this(InetAddress.getByName(localAddress), serverPort);
    }

    private UdpTransport(InetAddress local, int serverPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(local, 0));
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    }

    @Override
    public String name() {
        return "UDP";
    }

    @Override
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    @Override
    public void start(Consumer<String> sink) {
        reader = new Thread(() -> {
            byte[] buf = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return; // closed
                }
                sink.accept(new String(buf, 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        }, "uac-udp-" + localPort());
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        socket.close();
    }
}
