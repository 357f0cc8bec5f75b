package io.trunkline.sip.torture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one torture message, byte for byte, to the gateway over UDP or TCP and collects every response to it. The
 * messages' Via headers name hosts such as {@code host5.example.net} without {@code rport}, so over UDP the gateway
 * answers to the source address on the Via's port (RFC 3261 18.2.2): the message is sent from that port on a loopback
 * address of its own (127.x.y.z), where the answers arrive. An INVITE that becomes a call is cancelled as soon as it
 * rings, and every non-2xx final answer to it is acknowledged, so that no call or transaction outlives the exchange.
 */
public final class TortureSip {
    private static final Pattern STATUS_LINE = Pattern.compile("^SIP/2\\.0 (\\d{3}) ?([^\r\n]*)");
    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:Call-ID|i)\\s*:\\s*(\\S+)");
    private static final Pattern CSEQ = Pattern.compile("(?im)^CSeq\\s*:\\s*\\d+\\s+(\\S+)");
    private static final Pattern TO = Pattern.compile("(?im)^(?:To|t)\\s*:\\s*([^\r\n]+)");
    private static final InetAddress GATEWAY = InetAddress.getLoopbackAddress();
    private static final Duration PENDING_WAIT = Duration.ofSeconds(5);

    /** One response: status, reason phrase and the method of its CSeq. */
    public record Answer(int status, String reason, String method, String to) {
        @Override
        public String toString() {
            return method + " " + status + " " + reason;
        }
    }

    /** Everything the gateway sent back for one message, and whether it closed the TCP connection. */
    public record Outcome(List<Answer> answers, boolean closed) {
        public boolean rang(String method) {
            return answers.stream().anyMatch(a -> a.method().equals(method) && a.status() > 100 && a.status() < 200);
        }
    }

    private TortureSip() {
    }

    /**
     * Sends {@code m} over UDP from the loopback address and Via port it will be answered on, follows an INVITE
     * through CANCEL and ACK, and returns once an OPTIONS probe sent after it has been answered and nothing more is
     * due (plus {@code grace}). Fails when the probe gets no answer within {@code probeWait}.
     */
    public static Outcome udp(int sipPort, TortureMessage m, Duration grace, Duration probeWait) throws IOException {
        try (DatagramSocket socket = bindResponseSocket(m.responsePort())) {
            InetSocketAddress gateway = new InetSocketAddress(GATEWAY, sipPort);
            send(socket, gateway, m.bytes());
            String probeCallId = "probe-" + UUID.randomUUID();
            InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
            send(socket, gateway, probe(sipPort, local, probeCallId));

            Exchange exchange = new Exchange(m);
            boolean probeAnswered = false;
            long deadline = System.nanoTime() + probeWait.toNanos();
            long quietUntil = Long.MAX_VALUE;
            byte[] buf = new byte[65536];
            while (true) {
                long now = System.nanoTime();
                if (probeAnswered && !exchange.pending() && quietUntil == Long.MAX_VALUE) {
                    quietUntil = now + grace.toNanos();
                }
                long until = Math.min(deadline, quietUntil);
                long left = (until - now) / 1_000_000;
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
                Matcher callId = CALL_ID.matcher(text);
                if (callId.find() && callId.group(1).equals(probeCallId)) {
                    probeAnswered |= status(text) >= 200;
                    continue;
                }
                for (byte[] reply : exchange.onResponse(text)) {
                    send(socket, gateway, reply);
                }
            }
            if (!probeAnswered) {
                throw new AssertionError("the gateway stopped answering OPTIONS over UDP after " + m.name());
            }
            return new Outcome(exchange.answers, false);
        }
    }

    /** Sends {@code m} over a fresh TCP connection and reads until nothing more is due, the close, or {@code wait}. */
    public static Outcome tcp(int sipPort, TortureMessage m, Duration wait) throws IOException {
        return tcp(sipPort, m, wait, 1);
    }

    /**
     * As {@link #tcp(int, TortureMessage, Duration)}, for a stream that holds {@code finals} requests: reads until
     * that many final answers have come (or the close, or {@code wait}).
     */
    public static Outcome tcp(int sipPort, TortureMessage m, Duration wait, int finals) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(GATEWAY, sipPort), 2000);
            OutputStream out = socket.getOutputStream();
            out.write(m.bytes());
            out.flush();
            InputStream in = socket.getInputStream();
            Exchange exchange = new Exchange(m);
            StringBuilder pending = new StringBuilder();
            boolean closed = false;
            long started = System.nanoTime();
            byte[] buf = new byte[8192];
            while (true) {
                // A call being cancelled may take longer than a plain answer: up to PENDING_WAIT.
                long deadline = started + (exchange.pending() ? Math.max(wait.toNanos(), PENDING_WAIT.toNanos())
                        : wait.toNanos());
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || (exchange.finished(finals) && pending.isEmpty())) {
                    break;
                }
                socket.setSoTimeout((int) left);
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                String message;
                while ((message = nextMessage(pending)) != null) {
                    for (byte[] reply : exchange.onResponse(message)) {
                        out.write(reply);
                        out.flush();
                    }
                }
            }
            return new Outcome(exchange.answers, closed);
        }
    }

    /** Tracks one message's transaction, and the CANCEL and ACK sent for it. */
    private static final class Exchange {
        final TortureMessage m;
        final List<Answer> answers = new ArrayList<>();
        boolean cancelled;
        boolean inviteFinal;
        boolean cancelFinal;

        Exchange(TortureMessage m) {
            this.m = m;
        }

        boolean invite() {
            return m.isRequest() && m.method().equals("INVITE");
        }

        /** Whether an answer is still due: an INVITE that rang waits for its final answer and the CANCEL's. */
        boolean pending() {
            return invite() && (cancelled && (!inviteFinal || !cancelFinal) || rang() && !inviteFinal);
        }

        boolean finished(int finals) {
            long count = answers.stream().filter(a -> a.status() >= 200).count();
            return count >= finals && !pending();
        }

        private boolean rang() {
            return answers.stream().anyMatch(a -> a.method().equals("INVITE") && a.status() > 100 && a.status() < 200);
        }

        /** Records {@code text} if it is a response, and returns what the caller must send in return. */
        List<byte[]> onResponse(String text) {
            int status = status(text);
            if (status < 0) {
                return List.of();
            }
            Matcher reason = STATUS_LINE.matcher(text);
            reason.find();
            Matcher cseq = CSEQ.matcher(text);
            Matcher to = TO.matcher(text);
            Answer a = new Answer(status, reason.group(2), cseq.find() ? cseq.group(1) : "?",
                    to.find() ? to.group(1).trim() : null);
            answers.add(a);
            List<byte[]> replies = new ArrayList<>();
            if (!invite()) {
                return replies;
            }
            if (a.method().equals("INVITE")) {
                if (status > 100 && status < 200 && !cancelled) {
                    cancelled = true;
                    replies.add(m.cancel());
                } else if (status >= 300) {
                    inviteFinal = true;
                    replies.add(m.ack(a.to()));
                } else if (status >= 200) {
                    inviteFinal = true; // a 2xx: the test's assertion reports it; nothing here acknowledges it
                }
            } else if (a.method().equals("CANCEL") && status >= 200) {
                cancelFinal = true;
            }
            return replies;
        }
    }

    private static int status(String text) {
        Matcher m = STATUS_LINE.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Cuts the first whole message (head plus Content-Length body) off {@code pending}, or null. */
    private static String nextMessage(StringBuilder pending) {
        int end = pending.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        Matcher length = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)").matcher(pending.substring(0, end));
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        if (pending.length() < end + 4 + body) {
            return null;
        }
        String message = pending.substring(0, end + 4 + body);
        pending.delete(0, end + 4 + body);
        return message;
    }

    /** A UDP socket on {@code port} of a loopback address picked at random (127.x.y.z), so that no one else holds it. */
    static DatagramSocket bindResponseSocket(int port) throws IOException {
        BindException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            byte[] address = {127, (byte) r.nextInt(16, 250), (byte) r.nextInt(1, 250), (byte) r.nextInt(2, 250)};
            try {
                return new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(address), port));
            } catch (BindException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static byte[] probe(int sipPort, InetSocketAddress local, String callId) {
        String host = local.getAddress().getHostAddress();
        return ("OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + local.getPort() + ";branch=z9hG4bK" + UUID.randomUUID()
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + host + ">;tag=probe\r\n"
                + "To: <sip:127.0.0.1:" + sipPort + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
