package io.trunkline.sip.uac;

import io.trunkline.core.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A small user agent client in raw SIP text: builds requests for one call at a time, records everything the
 * server sends, and lets tests wait for a particular message.
 */
public final class TestUac implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final UacTransport transport;
    private final int serverPort;
    private final List<SipMsg> received = new CopyOnWriteArrayList<>();
    private final Set<SipMsg> consumed = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private String callId;
    private String fromTag;
    private String toTag;
    private long cseq;
    private String lastInviteBranch;
    private long lastInviteCSeq;
    private String requestUriScheme = "sip";

    public TestUac(UacTransport transport, int serverPort) {
        this.transport = transport;
        this.serverPort = serverPort;
        transport.start(text -> {
            String message = text.stripLeading();
            if (SipMsg.isSip(message)) {
                received.add(SipMsg.parse(message));
            }
        });
        newCall();
    }

    /** Starts a fresh call identity (Call-ID, From-tag, CSeq). */
    public void newCall() {
        callId = UUID.randomUUID() + "@127.0.0.1";
        fromTag = Long.toHexString(System.nanoTime());
        toTag = null;
        cseq = 0;
    }

    /** The scheme of the Request-URI of the requests that follow ({@code sip} unless set: {@code sips}). */
    public void requestUriScheme(String scheme) {
        requestUriScheme = scheme;
    }

    public String callId() {
        return callId;
    }

    public String toTag() {
        return toTag;
    }

    public void toTag(String tag) {
        this.toTag = tag;
    }

    public List<SipMsg> received() {
        return new ArrayList<>(received);
    }

    // ---- requests ----

    /** Sends an INVITE with {@code body} of {@code contentType} (null for no body) and extra header lines. */
    public String invite(String contentType, String body, String... extraHeaders) throws IOException {
        lastInviteBranch = branch();
        lastInviteCSeq = ++cseq;
        String text = request("INVITE", lastInviteBranch, lastInviteCSeq, contentType, body, extraHeaders);
        transport.send(text);
        return text;
    }

    public String inviteSdp(String sdp, String... extraHeaders) throws IOException {
        return invite("application/sdp", sdp, extraHeaders);
    }

    /** Sends exactly the same text again (a retransmission). */
    public void resend(String text) throws IOException {
        transport.send(text);
    }

    /** ACK for a 2xx (new transaction) or for a non-2xx (same branch as the INVITE). */
    public void ack(boolean for2xx) throws IOException {
        transport.send(request("ACK", for2xx ? branch() : lastInviteBranch, lastInviteCSeq, null, null));
    }

    public void cancel() throws IOException {
        String saved = toTag;
        toTag = null; // CANCEL carries the INVITE's To
        transport.send(request("CANCEL", lastInviteBranch, lastInviteCSeq, null, null));
        toTag = saved;
    }

    /** A CANCEL for an INVITE that was never sent. */
    public void cancelUnknown() throws IOException {
        lastInviteBranch = branch();
        lastInviteCSeq = ++cseq;
        cancel();
    }

    public void bye() throws IOException {
        transport.send(request("BYE", branch(), ++cseq, null, null));
    }

    /** A re-INVITE in the dialog (needs the To-tag), with extra header lines. */
    public void reInvite(String sdp, String... extraHeaders) throws IOException {
        lastInviteBranch = branch();
        lastInviteCSeq = ++cseq;
        transport.send(request("INVITE", lastInviteBranch, lastInviteCSeq, sdp == null ? null : "application/sdp", sdp,
                extraHeaders));
    }

    /** Any request outside the current call's dialog state, e.g. OPTIONS, REGISTER or an unknown method. */
    public void send(String method, String... extraHeaders) throws IOException {
        transport.send(request(method, branch(), ++cseq, null, null, extraHeaders));
    }

    /** Answers a request the server sent (its BYE) with {@code status}. */
    public void respond(SipMsg request, int status, String reason) throws IOException {
        respond(request, status, reason, null);
    }

    /**
     * Answers a request the server sent with {@code status}, extra header lines and an SDP body ({@code sdp} null:
     * none).
     */
    public void respond(SipMsg request, int status, String reason, String sdp, String... extraHeaders)
            throws IOException {
        StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : request.headers("Via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("From")).append("\r\n");
        sb.append("To: ").append(request.header("To")).append("\r\n");
        sb.append("Call-ID: ").append(request.callId()).append("\r\n");
        sb.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        if (sdp == null) {
            sb.append("Content-Length: 0\r\n\r\n");
        } else {
            byte[] body = sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sb.append("Content-Type: application/sdp\r\nContent-Length: ").append(body.length).append("\r\n\r\n")
                    .append(sdp);
        }
        transport.send(sb.toString());
    }

    private String request(String method, String branch, long seq, String contentType, String body,
            String... extraHeaders) {
        String host = "127.0.0.1";
        String transportParam = transport.name().toLowerCase();
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(requestUriScheme).append(":+15083728299@127.0.0.1:").append(serverPort).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/").append(transport.name()).append(' ').append(host).append(':')
                .append(transport.localPort()).append(";branch=").append(branch).append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:+15083084809@127.0.0.1>;tag=").append(fromTag).append("\r\n");
        sb.append("To: <sip:+15083728299@127.0.0.1>").append(toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(seq).append(' ').append(method).append("\r\n");
        sb.append("Contact: <sip:caller@").append(host).append(':').append(transport.localPort())
                .append(";transport=").append(transportParam).append(">\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        sb.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    private static String branch() {
        return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    }

    // ---- waiting ----

    /** Waits for the first not yet consumed message that matches, and consumes it. */
    public SipMsg await(String what, Predicate<SipMsg> match) {
        return Await.value(WAIT, what, () -> {
            for (SipMsg m : received) {
                if (!consumed.contains(m) && match.test(m)) {
                    consumed.add(m);
                    return m;
                }
            }
            return null;
        });
    }

    /** Waits for a response with {@code status} to {@code method} of the current call; remembers its To-tag. */
    public SipMsg awaitResponse(int status, String method) {
        SipMsg m = await(status + " to " + method, r -> r.isResponse() && r.status() == status
                && method.equals(r.cseqMethod()) && callId.equals(r.callId()));
        if (method.equals("INVITE") && status > 100 && toTag == null) {
            toTag = m.toTag();
        }
        return m;
    }

    /** Waits for a request with {@code method} from the server in the current call. */
    public SipMsg awaitRequest(String method) {
        return await(method + " from the server", r -> !r.isResponse() && method.equals(r.method())
                && callId.equals(r.callId()));
    }

    /** Messages of the current call received so far that match. */
    public List<SipMsg> all(Predicate<SipMsg> match) {
        List<SipMsg> list = new ArrayList<>();
        for (SipMsg m : received) {
            if (callId.equals(m.callId()) && match.test(m)) {
                list.add(m);
            }
        }
        return list;
    }

    @Override
    public void close() {
        transport.close();
    }
}
