package io.trunkline.server.agents;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The caller's RTP endpoint: one loopback UDP socket that records every packet the gateway sends (arrival time,
 * sequence number, payload) and, once started, sends PCMU: silence every 20 ms, or a flood of silence packets (many
 * per 20 ms) to push more caller audio toward the agent than real time would.
 */
final class CallerMedia implements AutoCloseable {
    static final int FRAME = 160;

    /** One packet the caller received. */
    record Packet(long arrivalNanos, InetSocketAddress source, int payloadType, int sequence, long timestamp,
            byte[] payload) {

        /** Carries anything but μ-law zero (0xFF, 0x7F): agent audio rather than the pacer's silence. */
        boolean audible() {
            for (byte b : payload) {
                if (b != (byte) 0xFF && b != (byte) 0x7F) {
                    return true;
                }
            }
            return false;
        }
    }

    private final DatagramSocket socket;
    private final ScheduledExecutorService clock;
    private final List<Packet> received = new CopyOnWriteArrayList<>();
    private int sequence = 1000;
    private long timestamp = 160_000;
    private volatile int sent;

    CallerMedia() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caller-media-" + socket.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        Thread reader = new Thread(this::receiveLoop, "caller-media-rx-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Sends {@code packetsPerTick} silence packets every 20 ms to {@code gateway} until closed. */
    void sendSilence(InetSocketAddress gateway, int packetsPerTick) {
        byte[] silence = new byte[FRAME];
        Arrays.fill(silence, (byte) 0xFF);
        clock.scheduleAtFixedRate(() -> {
            for (int i = 0; i < packetsPerTick; i++) {
                send(gateway, silence);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Packets sent so far. */
    int sent() {
        return sent;
    }

    List<Packet> received() {
        return List.copyOf(received);
    }

    /** Audible packets received so far. */
    long audibleCount() {
        return received.stream().filter(Packet::audible).count();
    }

    private void send(InetSocketAddress target, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt((int) timestamp).putInt(0x5eed).put(payload);
        sequence = (sequence + 1) & 0xffff;
        timestamp = (timestamp + FRAME) & 0xffff_ffffL;
        try {
            socket.send(new DatagramPacket(b.array(), b.capacity(), target));
            sent++;
        } catch (IOException e) {
            // the socket is closing: the test is over
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            long now = System.nanoTime();
            if (p.getLength() < 12) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
            b.get();
            int payloadType = b.get() & 0x7f;
            int seq = b.getShort() & 0xffff;
            long ts = b.getInt() & 0xffff_ffffL;
            received.add(new Packet(now, (InetSocketAddress) p.getSocketAddress(), payloadType, seq, ts,
                    Arrays.copyOfRange(buf, 12, p.getLength())));
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        socket.close();
    }
}
