package io.trunkline.server.agents;

import io.trunkline.server.testing.CallerRtp.Received;
import java.util.List;
import java.util.Locale;

/**
 * What the caller heard around a barge-in, judged by packet content (agent tone against μ-law silence) and RTP
 * sequence numbers. The clear is known to have reached the gateway's socket at {@code clearNanos} (the agent's
 * write completed then); the last packet that arrived before it was sent before the gateway could have read the
 * clear, the next one may have been on its way already, and the one after that is the "next packet" the gateway
 * is allowed. Any tone in a later packet is stale agent audio.
 *
 * @param lastBefore      sequence offset of the last packet that arrived before the clear
 * @param lastTone        sequence offset of the last tone-bearing packet
 * @param toneBefore      tone packets that arrived before the clear
 * @param toneAfter       tone packets that arrived after it
 * @param stale           tone packets later than {@code lastBefore + 2}
 * @param lastToneMs      arrival of the last tone packet relative to the clear (negative: before it)
 * @param firstSilenceMs  arrival of the first silence packet after the clear, relative to it
 */
record BargeIn(int lastBefore, int lastTone, int toneBefore, int toneAfter, int stale, double lastToneMs,
        double firstSilenceMs) {

    /** Tone packets allowed after the last one that arrived before the clear: the one in flight and the next. */
    static final int ALLOWED = 2;

    static BargeIn measure(List<Received> packets, long clearNanos) {
        int first = packets.get(0).sequence();
        int lastBefore = -1;
        int lastTone = -1;
        int toneBefore = 0;
        int toneAfter = 0;
        long lastToneArrival = 0;
        long firstSilence = -1;
        for (Received p : packets) {
            int offset = (p.sequence() - first) & 0xffff;
            boolean before = p.arrivalNanos() < clearNanos;
            if (before) {
                lastBefore = Math.max(lastBefore, offset);
            }
            if (p.audible()) {
                lastTone = Math.max(lastTone, offset);
                lastToneArrival = Math.max(lastToneArrival, p.arrivalNanos());
                if (before) {
                    toneBefore++;
                } else {
                    toneAfter++;
                }
            } else if (!before && firstSilence < 0) {
                firstSilence = p.arrivalNanos();
            }
        }
        int stale = 0;
        for (Received p : packets) {
            if (p.audible() && ((p.sequence() - first) & 0xffff) > lastBefore + ALLOWED) {
                stale++;
            }
        }
        return new BargeIn(lastBefore, lastTone, toneBefore, toneAfter, stale, (lastToneArrival - clearNanos) / 1e6,
                firstSilence < 0 ? -1 : (firstSilence - clearNanos) / 1e6);
    }

    /** Packets to spare: how far the last tone packet stayed ahead of the allowed bound. */
    int marginPackets() {
        return lastBefore + ALLOWED - lastTone;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d tone packets before the clear, %d after; last tone at seq +%d "
                        + "(bound +%d, margin %d packet(s)), %.1f ms after the clear; first silence %.1f ms after it;"
                        + " stale %d", toneBefore, toneAfter, lastTone, lastBefore + ALLOWED, marginPackets(),
                lastToneMs, firstSilenceMs, stale);
    }
}
