package io.trunkline.server.hostile;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller's RTP side for fault injection: one loopback socket that streams μ-law audio in 20 ms PCMU packets
 * and, from the very same address, sends whatever datagrams a test injects (a latched gateway only listens to that
 * address). Counts the audible packets that come back.
 */
final class MediaCaller implements AutoCloseable {
    static final int FRAME = 160;

    private final DatagramSocket socket;
    private final ScheduledExecutorService clock;
    private final AtomicInteger audioSent = new AtomicInteger();
    private final AtomicLong audibleReceived = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final long ssrc = 0x5eed5eedL;
    private byte[] audio;
    private InetSocketAddress target;
    private int sequence = 1000;
    private long timestamp = 160_000;
    private int position;

    MediaCaller() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-caller-" + socket.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        Thread reader = new Thread(this::receiveLoop, "media-caller-rx-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Streams {@code ulaw} to {@code gateway}, one packet every 20 ms, until it runs out or {@link #stop()}. */
    synchronized void start(InetSocketAddress gateway, byte[] ulaw) {
        this.target = gateway;
        this.audio = ulaw;
        clock.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    }

    void stop() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The caller's own stream: its SSRC, and the sequence number and timestamp of the next packet. */
    synchronized long ssrc() {
        return ssrc;
    }

    synchronized int nextSequence() {
        return sequence;
    }

    synchronized long nextTimestamp() {
        return timestamp;
    }

    /** Sends {@code datagram} to {@code to} from the caller's address. */
    void inject(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    int audioSent() {
        return audioSent.get();
    }

    long audibleReceived() {
        return audibleReceived.get();
    }

    long received() {
        return received.get();
    }

    private synchronized void tick() {
        if (position + FRAME > audio.length) {
            return;
        }
        byte[] payload = new byte[FRAME];
        System.arraycopy(audio, position, payload, 0, FRAME);
        position += FRAME;
        byte[] packet = rtp(0, sequence, timestamp, ssrc, payload);
        sequence = (sequence + 1) & 0xffff;
        timestamp = (timestamp + FRAME) & 0xffff_ffffL;
        try {
            socket.send(new DatagramPacket(packet, packet.length, target));
            audioSent.incrementAndGet();
        } catch (IOException e) {
            // counted as not sent
        }
    }

    /** An RTP packet with a 12-byte header. */
    static byte[] rtp(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80);
        b.put((byte) payloadType);
        b.putShort((short) sequence);
        b.putInt((int) timestamp);
        b.putInt((int) ssrc);
        b.put(payload);
        return b.array();
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            received.incrementAndGet();
            for (int i = 12; i < p.getLength(); i++) {
                if (buf[i] != (byte) 0xFF && buf[i] != (byte) 0x7F) {
                    audibleReceived.incrementAndGet();
                    break;
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
        socket.close();
    }
}
