package io.trunkline.rtp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** The carrier's side in integration tests: a plain UDP socket on loopback that sends and receives RTP. */
public final class LoopbackPeer implements AutoCloseable {

    /** One received RTP packet with its arrival time. */
    public record Received(long arrivalNanos, boolean marker, int payloadType, int sequence, long timestamp, long ssrc,
                    byte[] payload) {

        public boolean silent(byte silence) {
            for (byte b : payload) {
                if (b != silence) {
                    return false;
                }
            }
            return true;
        }
    }

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[2048];

    public LoopbackPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void send(byte[] datagram, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next RTP packet, or null when none arrives within {@code timeout}. */
    public Received receive(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            long arrival = System.nanoTime();
            byte[] d = Arrays.copyOf(packet.getData(), packet.getLength());
            if (d.length < 12 || (d[0] & 0xC0) != 0x80) {
                throw new AssertionError("not an RTP packet: " + d.length + " bytes");
            }
            return new Received(arrival, (d[1] & 0x80) != 0, d[1] & 0x7f, ((d[2] & 0xff) << 8) | (d[3] & 0xff),
                    readInt(d, 4), readInt(d, 8), Arrays.copyOfRange(d, 12, d.length));
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next RTP packet; fails when none arrives within {@code timeout}. */
    public Received expect(Duration timeout) {
        Received r = receive(timeout);
        if (r == null) {
            throw new AssertionError("no RTP packet within " + timeout.toMillis() + " ms");
        }
        return r;
    }

    private static long readInt(byte[] d, int at) {
        return ((d[at] & 0xffL) << 24) | ((d[at + 1] & 0xffL) << 16) | ((d[at + 2] & 0xffL) << 8) | (d[at + 3] & 0xffL);
    }

    @Override
    public void close() {
        socket.close();
    }
}
