package io.trunkline.server.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The caller's RTP endpoint: one loopback UDP socket that sends a PCMU packet every 20 ms (queued audio, RFC 4733
 * digits in place of audio while one is pressed, and silence or nothing when idle), or a flood of packets per 20 ms
 * to push more caller audio toward the agent than real time would, and records every packet it receives with its
 * arrival time and source.
 */
public final class CallerRtp implements AutoCloseable {
    public static final int PCMU = 0;
    public static final int TELEPHONE_EVENT = 101;
    public static final int FRAME = 160;
    /** Packets of one key press: updates, then the end packet three times (RFC 4733 §2.5.1.4). */
    public static final int DIGIT_UPDATES = 5;
    public static final int DIGIT_ENDS = 3;

    /** One packet the caller received. */
    public record Received(long arrivalNanos, InetSocketAddress source, int payloadType, boolean marker,
            int sequence, long timestamp, long ssrc, byte[] payload) {

        /** Carries anything but μ-law zero (0xFF, 0x7F): agent audio rather than the pacer's silence. */
        public boolean audible() {
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
    private final List<Received> received = new CopyOnWriteArrayList<>();

    // guarded by this
    private final Queue<byte[]> audio = new ArrayDeque<>();
    private final Queue<Character> digits = new ArrayDeque<>();
    private InetSocketAddress target;
    private boolean silenceWhenIdle;
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private int digitPacket = -1;
    private char digit;
    private long digitTimestamp;
    private int audioPacketsSent;
    private int eventPacketsSent;
    private int sendErrors;

    /** Opens the socket on a free loopback port and starts receiving. */
    public CallerRtp() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caller-rtp-" + socket.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        Thread reader = new Thread(this::receiveLoop, "caller-rtp-rx-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /**
     * Starts the 20 ms clock toward {@code gateway}. With {@code silenceWhenIdle} a silence packet goes out whenever
     * nothing is queued (a phone's continuous stream); without, the stream pauses.
     */
    public void start(InetSocketAddress gateway, boolean silenceWhenIdle) {
        start(gateway, silenceWhenIdle, 1);
    }

    /** As {@link #start(InetSocketAddress, boolean)}, with {@code packetsPerTick} packets every 20 ms. */
    public void start(InetSocketAddress gateway, boolean silenceWhenIdle, int packetsPerTick) {
        synchronized (this) {
            this.target = gateway;
            this.silenceWhenIdle = silenceWhenIdle;
        }
        clock.scheduleAtFixedRate(() -> {
            for (int i = 0; i < packetsPerTick; i++) {
                tick();
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Queues μ-law audio, sent in 160-byte packets (a short last piece is padded with silence). */
    public synchronized void play(byte[] ulaw) {
        for (int off = 0; off < ulaw.length; off += FRAME) {
            byte[] frame = new byte[FRAME];
            Arrays.fill(frame, (byte) 0xFF);
            System.arraycopy(ulaw, off, frame, 0, Math.min(FRAME, ulaw.length - off));
            audio.add(frame);
        }
    }

    /** Queues a key press ({@code 0-9 * # A-D}), sent after the audio queued before it. */
    public synchronized void press(char key) {
        eventCode(key); // validates
        digits.add(key);
        audio.add(new byte[0]); // a marker in the audio queue: the digit goes out at this point
    }

    /** Nothing queued and no key press in progress. */
    public synchronized boolean idle() {
        return audio.isEmpty() && digitPacket < 0;
    }

    /** Audio and silence packets sent so far. */
    public synchronized int audioPacketsSent() {
        return audioPacketsSent;
    }

    /** RFC 4733 event packets sent so far. */
    public synchronized int eventPacketsSent() {
        return eventPacketsSent;
    }

    /** Packets the socket refused to send. */
    public synchronized int sendErrors() {
        return sendErrors;
    }

    /** Stops sending (the socket keeps receiving). */
    public void stopSending() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every packet received so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public int receivedCount() {
        return received.size();
    }

    /** Audible packets received so far. */
    public long audibleCount() {
        return received.stream().filter(Received::audible).count();
    }

    private synchronized void tick() {
        byte[] packet;
        if (digitPacket < 0 && !audio.isEmpty() && audio.peek().length == 0) {
            audio.remove();
            digit = digits.remove();
            digitPacket = 0;
            digitTimestamp = timestamp;
        }
        if (digitPacket >= 0) {
            packet = eventPacket();
        } else if (!audio.isEmpty()) {
            packet = rtp(PCMU, false, timestamp, audio.remove());
            audioPacketsSent++;
        } else if (silenceWhenIdle) {
            byte[] silence = new byte[FRAME];
            Arrays.fill(silence, (byte) 0xFF);
            packet = rtp(PCMU, false, timestamp, silence);
            audioPacketsSent++;
        } else {
            return;
        }
        timestamp = (timestamp + FRAME) & 0xffff_ffffL;
        try {
            socket.send(new DatagramPacket(packet, packet.length, target));
        } catch (IOException e) {
            sendErrors++;
        }
    }

    /** The next packet of the current key press; every packet carries the press's start timestamp. */
    private byte[] eventPacket() {
        int index = digitPacket++;
        boolean end = index >= DIGIT_UPDATES;
        int duration = FRAME * Math.min(index + 1, DIGIT_UPDATES + 1);
        ByteBuffer payload = ByteBuffer.allocate(4);
        payload.put((byte) eventCode(digit));
        payload.put((byte) ((end ? 0x80 : 0) | 10)); // E bit, volume -10 dBm0
        payload.putShort((short) duration);
        byte[] packet = rtp(TELEPHONE_EVENT, index == 0, digitTimestamp, payload.array());
        eventPacketsSent++;
        if (digitPacket == DIGIT_UPDATES + DIGIT_ENDS) {
            digitPacket = -1;
        }
        return packet;
    }

    private byte[] rtp(int payloadType, boolean marker, long ts, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80);
        b.put((byte) ((marker ? 0x80 : 0) | payloadType));
        b.putShort((short) sequence);
        b.putInt((int) ts);
        b.putInt((int) ssrc);
        b.put(payload);
        sequence = (sequence + 1) & 0xffff;
        return b.array();
    }

    private static int eventCode(char key) {
        return switch (key) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A', 'B', 'C', 'D' -> 12 + key - 'A';
            default -> {
                if (key < '0' || key > '9') {
                    throw new IllegalArgumentException("not a DTMF key: " + key);
                }
                yield key - '0';
            }
        };
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
            int second = b.get() & 0xff;
            int seq = b.getShort() & 0xffff;
            long ts = b.getInt() & 0xffff_ffffL;
            long ssrcIn = b.getInt() & 0xffff_ffffL;
            byte[] payload = Arrays.copyOfRange(buf, 12, p.getLength());
            received.add(new Received(now, (InetSocketAddress) p.getSocketAddress(), second & 0x7f,
                    (second & 0x80) != 0, seq, ts, ssrcIn, payload));
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        socket.close();
    }
}
