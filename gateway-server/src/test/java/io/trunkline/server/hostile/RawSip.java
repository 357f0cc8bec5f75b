package io.trunkline.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one raw (possibly broken) SIP message to the gateway over UDP or TCP from a fresh socket and collects what
 * comes back: the status codes of the responses, and whether the gateway closed a TCP connection. Every wait has a
 * deadline; over UDP an OPTIONS probe sent after the message proves the gateway still answers.
 */
final class RawSip {
    private static final Pattern STATUS = Pattern.compile("(?m)^SIP/2\\.0 (\\d{3}) ");
    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:Call-ID|i)\\s*:\\s*(\\S+)");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** What the gateway did with one message. */
    record Outcome(List<Integer> statuses, boolean closed) {
        /** {@code dropped}, {@code closed}, or the class of the last final response ({@code 4xx}, ...). */
        String kind() {
            for (int i = statuses.size() - 1; i >= 0; i--) {
                if (statuses.get(i) >= 200) {
                    return statuses.get(i) / 100 + "xx";
                }
            }
            return closed ? "closed" : "dropped";
        }

        List<Integer> finals() {
            return statuses.stream().filter(s -> s >= 200).toList();
        }
    }

    private RawSip() {
    }

    /**
     * Sends {@code message} (built for the sending socket's local port) over UDP. Collects responses until the
     * OPTIONS probe sent right after it is answered, plus {@code grace} for late ones; fails when the probe is not
     * answered within {@code probeWait}.
     */
    static Outcome udp(int sipPort, IntFunction<byte[]> message, Duration grace, Duration probeWait)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress gateway = new InetSocketAddress(LOOPBACK, sipPort);
            byte[] bytes = message.apply(socket.getLocalPort());
            socket.send(new DatagramPacket(bytes, bytes.length, gateway));
            String probeCallId = "probe-" + UUID.randomUUID();
            byte[] probe = options(sipPort, "UDP", socket.getLocalPort(), probeCallId).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(probe, probe.length, gateway));

            List<Integer> statuses = new ArrayList<>();
            boolean probeAnswered = false;
            long deadline = System.nanoTime() + probeWait.toNanos();
            byte[] buf = new byte[65536];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                Matcher status = STATUS.matcher(text);
                if (!status.lookingAt()) {
                    continue;
                }
                Matcher callId = CALL_ID.matcher(text);
                if (callId.find() && callId.group(1).equals(probeCallId)) {
                    if (Integer.parseInt(status.group(1)) >= 200 && !probeAnswered) {
                        probeAnswered = true;
                        deadline = System.nanoTime() + grace.toNanos();
                    }
                } else {
                    statuses.add(Integer.parseInt(status.group(1)));
                }
            }
            if (!probeAnswered) {
                throw new AssertionError("the gateway stopped answering OPTIONS over UDP after: "
                        + preview(bytes));
            }
            return new Outcome(statuses, false);
        }
    }

    /**
     * Sends {@code message} over a fresh TCP connection, then reads until a final response, the gateway closing the
     * connection, or {@code wait}.
     */
    static Outcome tcp(int sipPort, IntFunction<byte[]> message, Duration wait) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, sipPort), 2000);
            socket.getOutputStream().write(message.apply(socket.getLocalPort()));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buf = new byte[8192];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || finalSeen(received)) {
                    break;
                }
                socket.setSoTimeout((int) left);
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (IOException e) {
                    closed = true; // reset by the gateway
                    break;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                received.write(buf, 0, n);
            }
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS.matcher(received.toString(StandardCharsets.ISO_8859_1));
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return new Outcome(statuses, closed);
        }
    }

    private static boolean finalSeen(ByteArrayOutputStream received) {
        Matcher m = STATUS.matcher(received.toString(StandardCharsets.ISO_8859_1));
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) >= 200) {
                return true;
            }
        }
        return false;
    }

    /** An OPTIONS request from 127.0.0.1:{@code localPort} over {@code transport}. */
    static String options(int sipPort, String transport, int localPort, String callId) {
        return "OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK" + UUID.randomUUID()
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=probe\r\n"
                + "To: <sip:127.0.0.1:" + sipPort + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.ISO_8859_1);
        return text.replaceAll("[^\\x20-\\x7e]", ".");
    }
}
