package io.trunkline.sip.warmup;

import io.trunkline.core.config.RefusalAction;
import io.trunkline.core.config.SipAccessConfig;
import io.trunkline.core.config.SipConfig;
import io.trunkline.core.signalling.InboundCallHandler;
import io.trunkline.sip.SipBindException;
import io.trunkline.sip.SipServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole SIP dialogs through the gateway's own SIP code, for the warm-up before ready: a private {@link SipServer}
 * (its own JAIN-SIP stack, the same classes as the gateway's listener) listens on an ephemeral UDP port of
 * 127.0.0.1, accepts only 127.0.0.1, and hands its calls to the handler it is given; a caller in this class sends it
 * an OPTIONS probe and a Twilio-style INVITE over that loopback socket, waits for the 200, sends ACK and BYE. The
 * stack's receive path, server transactions, dialogs and response sending, and the UAS (guard, checks, INVITE
 * processing, the call's answer and BYE) run exactly as for a carrier's call, so the first real call does not load
 * and interpret them. Nothing leaves the host; the gateway's own listener, its meters and records never see these
 * calls. Not thread-safe: one rehearsal at a time.
 */
public final class SipRehearsal implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int ATTEMPTS = 3;
    private static final AtomicLong IDS = new AtomicLong();

    private final SipServer server;
    private final int port;
    private final DatagramSocket caller;

    private SipRehearsal(SipServer server, int port, DatagramSocket caller) {
        this.server = server;
        this.port = port;
        this.caller = caller;
    }

    /**
     * Starts the private listener on a free loopback port, its calls going to {@code handler}.
     *
     * @throws IOException when no loopback port can be bound
     */
    public static SipRehearsal start(InboundCallHandler handler) throws Exception {
        DatagramSocket caller = new DatagramSocket(new InetSocketAddress(HOST, 0));
        try {
            for (int attempt = 1; ; attempt++) {
                int port = freeUdpPort();
                SipServer server = new SipServer(config(port), HOST, handler);
                try {
                    server.start();
                    return new SipRehearsal(server, port, caller);
                } catch (SipBindException e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (Exception | Error e) {
            caller.close();
            throw e;
        }
    }

    /**
     * UDP on loopback only; only loopback may send, under the default per-source rate limit (so that the allowlist
     * and the limiter run as they do for a carrier's requests); no authentication.
     */
    private static SipConfig config(int port) {
        SipAccessConfig defaults = SipAccessConfig.DEFAULTS;
        SipAccessConfig access = new SipAccessConfig(List.of(HOST + "/32"), RefusalAction.DROP,
                defaults.ratePerSecond(), defaults.rateBurst(), 16,
                RefusalAction.DROP, false, "trunkline", "SIP_DIGEST_USERNAME", "SIP_DIGEST_PASSWORD",
                Duration.ofSeconds(60));
        return new SipConfig(HOST, port, null, Set.of("udp"), 2, 65536, 1000, access);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            return probe.getLocalPort();
        }
    }

    /**
     * One OPTIONS probe and one call: INVITE, 200 (after 100 and 180), ACK, {@code whileUp}, BYE and its 200.
     *
     * @param timeout the longest wait for any one response
     * @param whileUp runs once the call is answered and acknowledged, before the BYE
     * @return false when a response did not come in time or the call was refused
     */
    public boolean call(Duration timeout, Runnable whileUp) throws IOException {
        caller.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        long id = IDS.incrementAndGet();
        String callId = "warm-up-" + id + "@" + HOST;
        String options = SipWarmUp.request("OPTIONS", 1, false, HOST, port, "warm-up-options-" + id + "@" + HOST,
                caller.getLocalPort(), branch("o", id), null);
        send(options);
        if (finalStatus("OPTIONS") != 200) {
            return false;
        }
        send(SipWarmUp.request("INVITE", 1, true, HOST, port, callId, caller.getLocalPort(), branch("i", id), null));
        String ok = finalResponse("INVITE");
        if (ok == null || status(ok) != 200) {
            return false;
        }
        String toTag = tagOf(ok);
        // The ACK of a 2xx is a transaction of its own (RFC 3261 13.2.2.4): a new branch.
        send(SipWarmUp.request("ACK", 1, false, HOST, port, callId, caller.getLocalPort(), branch("a", id), toTag));
        whileUp.run();
        send(SipWarmUp.request("BYE", 2, false, HOST, port, callId, caller.getLocalPort(), branch("b", id), toTag));
        return finalStatus("BYE") == 200;
    }

    private static String branch(String kind, long id) {
        return "z9hG4bK-warm-up-" + kind + id;
    }

    private void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        caller.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(HOST), port));
    }

    private int finalStatus(String method) throws IOException {
        String response = finalResponse(method);
        return response == null ? -1 : status(response);
    }

    /** The first final response to {@code method}, skipping provisional ones and anything else; null on timeout. */
    private String finalResponse(String method) throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                caller.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
            if (text.startsWith("SIP/2.0 ") && status(text) >= 200 && cseqMethod(text).equals(method)) {
                return text;
            }
        }
    }

    private static int status(String response) {
        try {
            return Integer.parseInt(response.substring(8, 11));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String cseqMethod(String message) {
        String value = header(message, "CSeq");
        int space = value == null ? -1 : value.lastIndexOf(' ');
        return space < 0 ? "" : value.substring(space + 1).trim();
    }

    private static String tagOf(String response) {
        String to = header(response, "To");
        int tag = to == null ? -1 : to.indexOf(";tag=");
        if (tag < 0) {
            return null;
        }
        int end = tag + 5;
        while (end < to.length() && to.charAt(end) != ';' && to.charAt(end) != '>' && to.charAt(end) > ' ') {
            end++;
        }
        return to.substring(tag + 5, end);
    }

    private static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                return null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * Closes the caller's socket and stops the private listener on a thread of its own: taking a JAIN-SIP stack
     * down waits for its threads (seconds), which the gateway's start must not.
     */
    @Override
    public void close() {
        caller.close();
        Thread stop = new Thread(server::stop, "warm-up-sip-stop");
        stop.setDaemon(true);
        stop.start();
    }
}
