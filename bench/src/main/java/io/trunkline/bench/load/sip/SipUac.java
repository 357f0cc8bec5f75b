package io.trunkline.bench.load.sip;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small SIP user agent client over UDP, just enough to place calls at a gateway correctly: INVITE with
 * retransmission (timer A doubling from T1 = 500 ms up to T2 = 4 s until a provisional answer, timer B 32 s), 100
 * and 180 noted, ACK for the 2xx (a new transaction to the Contact of the 200, sent again for every retransmitted
 * 200), ACK for non-2xx finals in the INVITE transaction, BYE with retransmission (timer E, timer F 32 s), and 200
 * to any request the gateway sends (a BYE from the gateway ends the dialog). Everything runs on one event loop.
 */
public final class SipUac {

    private static final Logger LOG = LoggerFactory.getLogger(SipUac.class);
    private static final long T1_MILLIS = 500;
    private static final long T2_MILLIS = 4000;
    private static final long TIMEOUT_MILLIS = 32_000;

    /** What happens to calls. Called on the SIP loop. */
    public interface Listener {
        void answered(UacCall call, String sdpAnswer);

        void failed(UacCall call);

        void ended(UacCall call);
    }

    private final EventLoop loop;
    private final InetSocketAddress local;
    private final InetSocketAddress gateway;
    private final Listener listener;
    private final Map<String, UacCall> calls = new HashMap<>();
    private final Map<String, CompletableFuture<Integer>> probes = new HashMap<>();
    private final AtomicLong branches = new AtomicLong();
    private final String localHost;
    private Channel channel;
    private long unmatched;
    private long malformed;

    public SipUac(EventLoop loop, InetSocketAddress local, InetSocketAddress gateway, Listener listener) {
        this.loop = loop;
        this.local = local;
        this.gateway = gateway;
        this.listener = listener;
        this.localHost = local.getAddress().getHostAddress() + ":" + local.getPort();
    }

    /** Binds the UDP socket; blocks until bound. */
    public void start() {
        channel = new Bootstrap().group(loop).channel(EpollDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        onDatagram(packet);
                    }
                })
                .bind(local).syncUninterruptibly().channel();
    }

    public void stop() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    /** Sends OPTIONS and completes with the status of the answer (or exceptionally after {@code timeoutMillis}). */
    public CompletableFuture<Integer> options(long timeoutMillis) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        loop.execute(() -> {
            String callId = "probe-" + branches.incrementAndGet() + "@" + local.getAddress().getHostAddress();
            probes.put(callId, result);
            String uri = "sip:" + gateway.getAddress().getHostAddress() + ":" + gateway.getPort();
            send("OPTIONS " + uri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + localHost + ";branch=" + newBranch() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:load@" + localHost + ">;tag=probe" + branches.get() + "\r\n"
                    + "To: <" + uri + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n");
            loop.schedule(() -> {
                if (probes.remove(callId) != null) {
                    result.completeExceptionally(new IllegalStateException("no answer to OPTIONS"));
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        });
        return result;
    }

    /**
     * Places a call: INVITE to {@code user}@gateway with {@code sdpOffer}, carrying Twilio's headers. Any thread.
     */
    public void invite(UacCall call, String user, String sdpOffer) {
        loop.execute(() -> invite0(call, user, sdpOffer));
    }

    /** Hangs up an answered call. Any thread. */
    public void bye(UacCall call) {
        loop.execute(() -> bye0(call));
    }

    /** Datagrams that matched no call, and datagrams that were not SIP. */
    public long unmatched() {
        return unmatched;
    }

    public long malformed() {
        return malformed;
    }

    private void invite0(UacCall call, String user, String sdpOffer) {
        String gw = gateway.getAddress().getHostAddress() + ":" + gateway.getPort();
        call.requestUri = "sip:" + user + "@" + gw;
        call.inviteBranch = newBranch();
        call.toHeader = "<sip:" + user + "@" + gw + ">";
        byte[] body = sdpOffer.getBytes(StandardCharsets.US_ASCII);
        call.inviteText = "INVITE " + call.requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localHost + ";branch=" + call.inviteBranch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15550002222@" + localHost + ">;tag=" + call.fromTag + "\r\n"
                + "To: " + call.toHeader + "\r\n"
                + "Call-ID: " + call.callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:+15550002222@" + localHost + ">\r\n"
                + "User-Agent: trunkline-load\r\n"
                + "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
                + "X-Twilio-AccountSid: AC00000000000000000000000000000000\r\n"
                + "X-Twilio-CallSid: " + call.callSid + "\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n"
                + sdpOffer;
        calls.put(call.callId, call);
        call.state = UacCall.State.CALLING;
        call.inviteSentNanos = System.nanoTime();
        send(call.inviteText);
        call.retransmitDelayMillis = T1_MILLIS;
        call.timer = loop.schedule(() -> retransmitInvite(call), T1_MILLIS, TimeUnit.MILLISECONDS);
        call.guard = loop.schedule(() -> {
            if (call.state == UacCall.State.CALLING || call.state == UacCall.State.PROCEEDING) {
                fail(call, 408, "no final answer to INVITE within 32 s");
            }
        }, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void retransmitInvite(UacCall call) {
        if (call.state != UacCall.State.CALLING) {
            return;
        }
        call.inviteRetransmits++;
        send(call.inviteText);
        call.retransmitDelayMillis = Math.min(call.retransmitDelayMillis * 2, T2_MILLIS);
        call.timer = loop.schedule(() -> retransmitInvite(call), call.retransmitDelayMillis, TimeUnit.MILLISECONDS);
    }

    private void bye0(UacCall call) {
        if (call.state != UacCall.State.CONFIRMED) {
            return;
        }
        call.state = UacCall.State.TERMINATING;
        call.byeText = "BYE " + call.remoteTarget + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localHost + ";branch=" + newBranch() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15550002222@" + localHost + ">;tag=" + call.fromTag + "\r\n"
                + "To: " + call.toHeader + "\r\n"
                + "Call-ID: " + call.callId + "\r\n"
                + "CSeq: 2 BYE\r\n"
                + "Content-Length: 0\r\n\r\n";
        call.byeSentNanos = System.nanoTime();
        send(call.byeText);
        call.retransmitDelayMillis = T1_MILLIS;
        call.timer = loop.schedule(() -> retransmitBye(call), T1_MILLIS, TimeUnit.MILLISECONDS);
        call.guard = loop.schedule(() -> {
            if (call.state == UacCall.State.TERMINATING) {
                call.failure = "no answer to BYE within 32 s";
                end(call, UacCall.State.FAILED);
            }
        }, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void retransmitBye(UacCall call) {
        if (call.state != UacCall.State.TERMINATING) {
            return;
        }
        call.byeRetransmits++;
        send(call.byeText);
        call.retransmitDelayMillis = Math.min(call.retransmitDelayMillis * 2, T2_MILLIS);
        call.timer = loop.schedule(() -> retransmitBye(call), call.retransmitDelayMillis, TimeUnit.MILLISECONDS);
    }

    private void onDatagram(DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] data = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), data);
        SipMessage message = SipMessage.parse(data, data.length);
        if (message == null) {
            malformed++;
            return;
        }
        String callId = message.header("Call-ID");
        if (message.isResponse()) {
            CompletableFuture<Integer> probe = probes.remove(callId);
            if (probe != null) {
                probe.complete(message.status());
                return;
            }
            UacCall call = calls.get(callId);
            if (call == null) {
                unmatched++;
            } else if (message.cseqMethod().equals("INVITE")) {
                onInviteResponse(call, message);
            } else if (message.cseqMethod().equals("BYE")) {
                onByeResponse(call, message);
            }
        } else {
            onRequest(message, packet.sender());
        }
    }

    private void onInviteResponse(UacCall call, SipMessage response) {
        int status = response.status();
        long now = System.nanoTime();
        if (status < 200) {
            if (call.state == UacCall.State.CALLING) {
                call.state = UacCall.State.PROCEEDING;
                cancelTimer(call);
            }
            if (status == 100 && call.tryingNanos == 0) {
                call.tryingNanos = now;
            } else if ((status == 180 || status == 183) && call.ringingNanos == 0) {
                call.ringingNanos = now;
            }
            return;
        }
        if (status < 300) {
            if (call.state == UacCall.State.CALLING || call.state == UacCall.State.PROCEEDING) {
                call.answeredNanos = now;
                call.finalStatus = status;
                cancelTimer(call);
                cancelGuard(call);
                call.toHeader = response.header("To");
                String contact = SipMessage.uri(response.header("Contact"));
                call.remoteTarget = contact != null ? contact : call.requestUri;
                call.ackText = "ACK " + call.remoteTarget + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP " + localHost + ";branch=" + newBranch() + ";rport\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "From: <sip:+15550002222@" + localHost + ">;tag=" + call.fromTag + "\r\n"
                        + "To: " + call.toHeader + "\r\n"
                        + "Call-ID: " + call.callId + "\r\n"
                        + "CSeq: 1 ACK\r\n"
                        + "Content-Length: 0\r\n\r\n";
                send(call.ackText);
                call.state = UacCall.State.CONFIRMED;
                listener.answered(call, response.body());
            } else if (call.ackText != null) {
                // A retransmitted 200: our ACK was lost or late; the same ACK again.
                if (call.okRetransmits++ == 0) {
                    call.firstOkRetransmitNanos = System.nanoTime();
                }
                send(call.ackText);
            }
            return;
        }
        // A final failure: ACK it within the INVITE transaction (same branch).
        send("ACK " + call.requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localHost + ";branch=" + call.inviteBranch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15550002222@" + localHost + ">;tag=" + call.fromTag + "\r\n"
                + "To: " + response.header("To") + "\r\n"
                + "Call-ID: " + call.callId + "\r\n"
                + "CSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n\r\n");
        if (call.state == UacCall.State.CALLING || call.state == UacCall.State.PROCEEDING) {
            fail(call, status, "INVITE answered " + status);
        }
    }

    private void onByeResponse(UacCall call, SipMessage response) {
        if (response.status() >= 200 && call.state == UacCall.State.TERMINATING) {
            call.byeAnsweredNanos = System.nanoTime();
            if (response.status() >= 300) {
                call.failure = "BYE answered " + response.status();
            }
            end(call, UacCall.State.ENDED);
        }
    }

    private void onRequest(SipMessage request, InetSocketAddress sender) {
        String method = request.method();
        if ("ACK".equals(method)) {
            return;
        }
        StringBuilder reply = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : request.headers("Via")) {
            reply.append("Via: ").append(via).append("\r\n");
        }
        reply.append("From: ").append(request.header("From")).append("\r\n")
                .append("To: ").append(request.header("To")).append("\r\n")
                .append("Call-ID: ").append(request.header("Call-ID")).append("\r\n")
                .append("CSeq: ").append(request.header("CSeq")).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        send(reply.toString(), sender);
        UacCall call = calls.get(request.header("Call-ID"));
        if ("BYE".equals(method) && call != null && call.state != UacCall.State.ENDED
                && call.state != UacCall.State.FAILED) {
            call.endedByGateway = true;
            if (call.state != UacCall.State.TERMINATING) {
                call.failure = "gateway sent BYE";
            }
            end(call, UacCall.State.ENDED);
        }
    }

    private void fail(UacCall call, int status, String why) {
        call.finalStatus = status;
        call.failure = why;
        cancelTimer(call);
        cancelGuard(call);
        call.state = UacCall.State.FAILED;
        LOG.debug("call {} failed: {}", call.callId, why);
        listener.failed(call);
    }

    private void end(UacCall call, UacCall.State state) {
        cancelTimer(call);
        cancelGuard(call);
        call.state = state;
        listener.ended(call);
    }

    private static void cancelTimer(UacCall call) {
        if (call.timer != null) {
            call.timer.cancel(false);
            call.timer = null;
        }
    }

    private static void cancelGuard(UacCall call) {
        if (call.guard != null) {
            call.guard.cancel(false);
            call.guard = null;
        }
    }

    private String newBranch() {
        return "z9hG4bK-tl" + Long.toHexString(System.nanoTime()) + "-" + branches.incrementAndGet();
    }

    private void send(String text) {
        send(text, gateway);
    }

    private void send(String text, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)), to));
    }
}
