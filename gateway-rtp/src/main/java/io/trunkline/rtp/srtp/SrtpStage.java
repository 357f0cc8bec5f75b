package io.trunkline.rtp.srtp;

import io.netty.channel.Channel;
import io.trunkline.core.media.SrtpKeys;
import io.trunkline.core.observe.DropObserver;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP for one leg: a {@link SrtpHandler} next to the socket of its RTP and of its RTCP channel, and the crypto
 * contexts of the keys in force. A re-INVITE may bring other keys: a direction whose master key did not change
 * keeps its contexts (their rollover counters and replay windows go on, RFC 4568 section 7.1.4), a new key starts
 * new ones, and no keys means plain RTP from then on. Once closed, nothing passes either way. Confined to the
 * call's loop.
 */
public final class SrtpStage {
    private static final Logger log = LoggerFactory.getLogger(SrtpStage.class);
    /** The handlers' name in the channels' pipelines. */
    public static final String HANDLER = "srtp";

    /** What the handlers do with a datagram. */
    enum Mode { PLAIN, PROTECTED, CLOSED }

    private final String callId;
    private final Channel rtp;
    private final Channel rtcp;
    private final SrtpDrops drops;
    private final LongSupplier nanoClock;
    private SendingContexts sending;
    private ReceivingContexts receiving;
    private boolean installed;
    private boolean closed;

    public SrtpStage(String callId, Channel rtp, Channel rtcp, DropObserver drops, LongSupplier nanoClock) {
        this.callId = callId;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.drops = new SrtpDrops(callId, drops);
        this.nanoClock = nanoClock;
    }

    /**
     * Applies the keys of an offer (null: plain RTP). The first time keys arrive the handlers go first in both
     * pipelines, so call it before the channels read.
     */
    public void keys(SrtpKeys keys) {
        if (closed) {
            return;
        }
        if (keys == null) {
            if (sending != null) {
                log.info("call {}: media is plain RTP from now on", callId);
                wipe();
            }
            return;
        }
        byte[] out = keys.outboundKeySalt();
        byte[] in = keys.inboundKeySalt();
        if (sending == null || !sending.uses(out)) {
            if (sending != null) {
                sending.close();
            }
            sending = new SendingContexts(keys.suite(), out);
        }
        if (receiving == null || !receiving.uses(in)) {
            if (receiving != null) {
                log.info("call {}: the carrier's SRTP key changed", callId);
                receiving.close();
            }
            receiving = new ReceivingContexts(keys.suite(), in, nanoClock);
        }
        Arrays.fill(out, (byte) 0);
        Arrays.fill(in, (byte) 0);
        if (!installed) {
            installed = true;
            rtp.pipeline().addFirst(HANDLER, new SrtpHandler(this, false));
            rtcp.pipeline().addFirst(HANDLER, new SrtpHandler(this, true));
        }
    }

    /** Whether media is encrypted now. */
    public boolean active() {
        return sending != null;
    }

    /** Wipes the keys; from now on the handlers let nothing through. Idempotent. */
    public void close() {
        closed = true;
        wipe();
    }

    private void wipe() {
        if (sending != null) {
            sending.close();
            sending = null;
        }
        if (receiving != null) {
            receiving.close();
            receiving = null;
        }
    }

    Mode mode() {
        return closed ? Mode.CLOSED : sending == null ? Mode.PLAIN : Mode.PROTECTED;
    }

    SendingContexts sending() {
        return sending;
    }

    ReceivingContexts receiving() {
        return receiving;
    }

    SrtpDrops drops() {
        return drops;
    }
}
