package io.trunkline.bench.load.probe;

import io.netty.buffer.Unpooled;
import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.bench.load.call.ProbeLog;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParseError;
import io.trunkline.rtp.packet.RtpParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The RTP a measured process sends to one loopback port, captured by the kernel ({@code dumpcap} from Wireshark)
 * rather than read by a harness thread: each packet's time is when it passed the loopback device, in the sender's
 * own system call, so it does not include the receiving thread's waits for a core. On a small machine whose cores
 * the measured process shares with the harness (and all the more when the measured process runs real-time threads
 * that pre-empt the harness), those waits would otherwise be charged to the measured process. Optional: without
 * {@code dumpcap} and {@code tshark} on the PATH, {@link #start} returns null.
 */
public final class WireCapture {

    private static final int FRAME_BYTES = 160;

    private final Process dumpcap;
    private final Path file;
    /** {@code System.nanoTime()} minus the wall clock in nanoseconds, taken when the capture started. */
    private final long monotonicMinusWall;

    private WireCapture(Process dumpcap, Path file, long monotonicMinusWall) {
        this.dumpcap = dumpcap;
        this.file = file;
        this.monotonicMinusWall = monotonicMinusWall;
    }

    /**
     * Starts capturing UDP to {@code port} on the loopback device into {@code file}; blocks until dumpcap has
     * created the file (the probe's measured window opens a second after its call is answered, long after).
     *
     * @return the capture, or null when dumpcap is not installed or does not start
     */
    public static WireCapture start(Path file, int port) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("dumpcap", "-q", "-i", "lo", "-f", "udp dst port " + port, "-w",
                    file.toString()).redirectErrorStream(true)
                    .redirectOutput(file.resolveSibling(file.getFileName() + ".log").toFile()).start();
        } catch (IOException notInstalled) {
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && p.isAlive() && !Files.exists(file)) {
            Thread.sleep(20);
        }
        if (!p.isAlive() || !Files.exists(file)) {
            p.destroyForcibly();
            return null;
        }
        Instant wall = Instant.now();
        long monotonic = System.nanoTime();
        return new WireCapture(p, file, monotonic - (wall.getEpochSecond() * 1_000_000_000L + wall.getNano()));
    }

    /** Stops the capture. */
    public void stop() throws InterruptedException {
        dumpcap.destroy();
        if (!dumpcap.waitFor(10, TimeUnit.SECONDS)) {
            dumpcap.destroyForcibly();
        }
    }

    /**
     * Every captured RTP packet into {@code log}, in capture order, stamped in {@code System.nanoTime()}'s time base,
     * with the {@link FrameCode} frame its 160-byte payload carries (laid out as {@code layout}).
     *
     * @return packets read, or -1 when tshark could not read the capture
     */
    public int readInto(ProbeLog log, FrameCode.Layout layout) throws InterruptedException {
        Process tshark;
        try {
            tshark = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch",
                    "-e", "udp.payload").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return -1;
        }
        int packets = 0;
        RtpHeader header = new RtpHeader();
        byte[] payload = new byte[FRAME_BYTES];
        short[] samples = new short[FRAME_BYTES];
        try (BufferedReader in = new BufferedReader(new InputStreamReader(tshark.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                long nanos = epochNanos(line.substring(0, tab)) + monotonicMinusWall;
                int id = frameId(HexFormat.of().parseHex(line.substring(tab + 1)), header, payload, samples, layout);
                log.packet(nanos, id);
                packets++;
            }
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
        tshark.waitFor(10, TimeUnit.SECONDS);
        return packets;
    }

    /** "1796526304.730044144" as nanoseconds since the epoch, without the rounding of a double. */
    static long epochNanos(String seconds) {
        int dot = seconds.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(seconds) * 1_000_000_000L;
        }
        String fraction = (seconds.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(seconds.substring(0, dot)) * 1_000_000_000L + Long.parseLong(fraction);
    }

    /** The frame id an RTP packet's payload carries, or a negative {@link FrameCode} marker. */
    static int frameId(byte[] rtp, RtpHeader header, byte[] payload, short[] samples, FrameCode.Layout layout) {
        if (RtpParser.parse(Unpooled.wrappedBuffer(rtp), header) != RtpParseError.NONE
                || header.payloadLength() < FRAME_BYTES) {
            return FrameCode.INVALID;
        }
        System.arraycopy(rtp, header.payloadOffset(), payload, 0, FRAME_BYTES);
        FrameCode.muLawToLinear(payload, 0, samples);
        return FrameCode.decode(samples, layout);
    }
}
