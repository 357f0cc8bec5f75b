package io.trunkline.rtp.rtcp;

import java.net.InetSocketAddress;

/**
 * The RTCP side of one leg: the carrier's reports come in through the {@link RtcpReceiver}, ours go out from the
 * {@link RtcpReporter} toward where the receiver says the carrier's come from. Single-threaded, on the call's loop.
 */
public final class RtcpSession {

    private final RtcpReceiver receiver;
    private final RtcpReporter reporter;

    public RtcpSession(RtcpReceiver receiver, RtcpReporter reporter) {
        this.receiver = receiver;
        this.reporter = reporter;
    }

    /** Starts sending reports. */
    public void start() {
        reporter.start();
    }

    /** A re-INVITE names {@code remoteRtcp}. */
    public void retarget(InetSocketAddress remoteRtcp) {
        receiver.retarget(remoteRtcp);
    }

    /** Stops reporting; when started, a last report with BYE goes out (before the channel closes). */
    public void stop() {
        reporter.stop();
    }
}
