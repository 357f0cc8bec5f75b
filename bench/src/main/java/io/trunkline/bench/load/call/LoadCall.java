package io.trunkline.bench.load.call;

import io.trunkline.bench.load.sip.UacCall;
import java.net.InetSocketAddress;

/**
 * Everything the harness knows about one call: its SIP dialog, its two coded media directions, its RTP streams and
 * the agent session serving it. The SIP dialog and RTP state belong to the media loop, the agent session to the
 * agent loop; the two {@link FrameTrack}s are how the loops meet (each written by one and read by the other).
 */
public final class LoadCall {

    private final int index;
    private final UacCall sip;
    /** Caller audio: harness RTP → gateway → agent. */
    private final FrameTrack inbound;
    /** Agent audio: agent → gateway → harness RTP. */
    private final FrameTrack outbound;
    private final RtpReceiveState rtpIn = new RtpReceiveState();

    // Media loop.
    private InetSocketAddress gatewayRtp;
    private int rtpSocket;
    private int rtpSequence;
    private long rtpTimestamp;
    private final int ssrc;
    private boolean sending;

    // Agent loop.
    private volatile boolean agentConnected;

    public LoadCall(int index, UacCall sip, int maxFrames) {
        this.index = index;
        this.sip = sip;
        this.inbound = new FrameTrack(maxFrames);
        this.outbound = new FrameTrack(maxFrames);
        this.ssrc = 0x5EED0000 + index;
        this.rtpSequence = (index * 7919) & 0xffff;
        this.rtpTimestamp = (index * 104729L) & 0xffff_ffffL;
    }

    /** The X-Twilio-CallSid the harness sends for call {@code index} ("CA" and 32 hex digits). */
    public static String twilioCallSid(int index) {
        return String.format("CA%032x", 0xB0000000L + index);
    }

    /** The call index in a SID made by {@link #twilioCallSid}, or -1. */
    public static int indexOfSid(String sid) {
        if (sid == null || sid.length() != 34 || !sid.startsWith("CA")) {
            return -1;
        }
        try {
            long v = Long.parseLong(sid.substring(18), 16) - 0xB0000000L;
            return v >= 0 && v < Integer.MAX_VALUE ? (int) v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The SIP Call-ID the harness's UAC uses for call {@code index} of the run tagged {@code tag}. */
    public static String callId(int index, long tag) {
        return "load-" + index + "-" + tag + "@127.0.0.1";
    }

    /** The call index in a Call-ID made by {@link #callId}, or -1. */
    public static int indexOfCallId(String callId) {
        if (callId == null || !callId.startsWith("load-")) {
            return -1;
        }
        int dash = callId.indexOf('-', 5);
        try {
            return dash < 0 ? -1 : Integer.parseInt(callId.substring(5, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public int index() {
        return index;
    }

    public UacCall sip() {
        return sip;
    }

    public FrameTrack inbound() {
        return inbound;
    }

    public FrameTrack outbound() {
        return outbound;
    }

    public RtpReceiveState rtpIn() {
        return rtpIn;
    }

    public InetSocketAddress gatewayRtp() {
        return gatewayRtp;
    }

    public void gatewayRtp(InetSocketAddress address) {
        this.gatewayRtp = address;
    }

    public int rtpSocket() {
        return rtpSocket;
    }

    public void rtpSocket(int socket) {
        this.rtpSocket = socket;
    }

    public boolean sending() {
        return sending;
    }

    public void sending(boolean on) {
        this.sending = on;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The next RTP sequence number and timestamp, advancing them one 20 ms packet. */
    public int takeSequence() {
        int s = rtpSequence;
        rtpSequence = (rtpSequence + 1) & 0xffff;
        return s;
    }

    public long takeTimestamp() {
        long t = rtpTimestamp;
        rtpTimestamp = (rtpTimestamp + 160) & 0xffff_ffffL;
        return t;
    }

    public boolean agentConnected() {
        return agentConnected;
    }

    public void agentConnected(boolean connected) {
        this.agentConnected = connected;
    }
}
