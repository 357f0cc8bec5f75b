package io.trunkline.rtp.engine;

import io.trunkline.core.media.MediaOffer;
import io.trunkline.rtp.playout.Playout;
import io.trunkline.rtp.receive.InactivityMonitor;
import java.net.InetAddress;

/**
 * Hold and resume, from the carrier's offer: the leg sends only while the carrier receives, and expects its packets
 * (the inactivity timer runs) only while it sends. A null connection address ({@code c=0.0.0.0}, RFC 2543) holds
 * both ways. Single-threaded, on the call's loop.
 */
final class DirectionControl {

    private final Playout playout;
    private final InactivityMonitor inactivity;

    DirectionControl(Playout playout, InactivityMonitor inactivity) {
        this.playout = playout;
        this.inactivity = inactivity;
    }

    /** Applies {@code offer}'s direction; the inactivity timer is only touched once the leg has {@code started}. */
    void apply(MediaOffer offer, boolean started) {
        InetAddress remote = offer.remoteRtp().getAddress();
        boolean nullAddress = remote == null || remote.isAnyLocalAddress();
        playout.sending(offer.direction().receives() && !nullAddress);
        if (!started) {
            return;
        }
        if (offer.direction().sends() && !nullAddress) {
            inactivity.arm();
        } else {
            inactivity.disarm();
        }
    }

    /** The leg closes: nothing is expected any more. */
    void stop() {
        inactivity.disarm();
    }
}
