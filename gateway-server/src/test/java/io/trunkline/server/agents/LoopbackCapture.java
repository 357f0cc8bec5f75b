package io.trunkline.server.agents;

import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SIPp caller hears and when its requests arrived, which SIPp does not record: {@code tshark} captures UDP
 * on loopback and prints each datagram (capture time, ports, payload in hex) as one line, flushed at once, so the
 * test can wait for the last one it needs before stopping the capture (a file written with {@code -w} keeps its
 * last packets buffered until the capture ends, and a stopped capture loses them). The capture filter names the
 * gateway's ports, which keeps traffic of other tests on the same machine out.
 */
final class LoopbackCapture implements AutoCloseable {

    /** One UDP datagram, with its capture time in microseconds since the epoch. */
    record Datagram(long epochMicros, int sourcePort, int destinationPort, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }

        boolean rtp() {
            return payload.length >= 12 && (payload[0] & 0xc0) == 0x80;
        }

        int payloadType() {
            return payload[1] & 0x7f;
        }

        /** The RTP payload after the header and its CSRCs. */
        byte[] rtpPayload() {
            int at = 12 + 4 * (payload[0] & 0x0f);
            byte[] out = new byte[Math.max(0, payload.length - at)];
            System.arraycopy(payload, at, out, 0, out.length);
            return out;
        }
    }

    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d+)\t(\\d+)\t(\\d+)\t([0-9a-fA-F:]*)");

    private final Path log;
    private final Process process;

    private LoopbackCapture(Path log, Process process) {
        this.log = log;
        this.process = process;
    }

    static Path tshark() {
        return TSHARK;
    }

    /** Starts capturing UDP on loopback that matches {@code filter} (pcap syntax); returns once tshark captures. */
    static LoopbackCapture start(Path dir, String filter) throws IOException {
        Path log = dir.resolve("tshark.log");
        Process p = Processes.start(dir, log, List.of(TSHARK.toString(), "-i", "lo", "-n", "-l", "-f", filter,
                "-T", "fields", "-e", "frame.time_epoch", "-e", "udp.srcport", "-e", "udp.dstport",
                "-e", "udp.payload"));
        LoopbackCapture capture = new LoopbackCapture(log, p);
        Await.until(Duration.ofSeconds(15), "tshark capturing",
                () -> capture.logText().contains("Capturing on") || !p.isAlive());
        if (!p.isAlive()) {
            throw new IllegalStateException("tshark did not start: " + capture.logText());
        }
        return capture;
    }

    /** The datagrams captured so far, in arrival order. */
    List<Datagram> datagrams() {
        List<Datagram> datagrams = new ArrayList<>();
        for (String line : logText().split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                String fraction = (m.group(2) + "000000").substring(0, 6);
                long micros = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(fraction);
                datagrams.add(new Datagram(micros, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        HexFormat.of().parseHex(m.group(5).replace(":", ""))));
            }
        }
        return datagrams;
    }

    /** Waits until a captured datagram matches {@code condition}, then stops the capture; returns what it got. */
    List<Datagram> stopAfter(String what, Predicate<Datagram> condition) {
        try {
            Await.until(Duration.ofSeconds(10), what + " in the capture",
                    () -> datagrams().stream().anyMatch(condition));
        } finally {
            close();
        }
        return datagrams();
    }

    /** The RTP packets of the busiest stream (one source and destination port pair) in {@code datagrams}. */
    static List<Datagram> busiestRtpStream(List<Datagram> datagrams) {
        Map<String, List<Datagram>> streams = new LinkedHashMap<>();
        for (Datagram d : datagrams) {
            if (d.rtp()) {
                streams.computeIfAbsent(d.sourcePort() + ">" + d.destinationPort(), k -> new ArrayList<>()).add(d);
            }
        }
        return streams.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
    }

    @Override
    public void close() {
        Processes.stop(process);
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
