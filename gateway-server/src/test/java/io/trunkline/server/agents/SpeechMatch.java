package io.trunkline.server.agents;

import java.util.Locale;

/**
 * How faithfully a recording carries a reference signal: the recording is searched for the reference (coarsely on
 * 5 ms energy envelopes, then sample by sample, then in eighths of a sample, since a resampler pair may shift the
 * signal by a fraction of a sample), and the match is scored as the reference's level in the recording
 * ({@code gainDb}) and the signal-to-error ratio of the best-fitting copy ({@code snrDb}).
 *
 * @param offset  where the reference starts in the recording, in samples (fraction included)
 * @param gainDb  level of the copy relative to the reference
 * @param snrDb   the copy's power over the power of what differs from it
 * @param shifts  for a piecewise match, how many times the copy moved against the reference (a paced stream
 *                inserts a silent packet where the agent's audio came too late); 0 for a whole match
 * @param unmatched  for a piecewise match, voiced packets that resemble no part of the reference (clicks), left
 *                   out of the score
 */
public record SpeechMatch(double offset, double gainDb, double snrDb, int shifts, int unmatched) {

    private static final int SINC_HALF_TAPS = 24;
    private static final int FRACTIONS = 8;

    /** Finds {@code reference} in {@code recording} (same sample rate) and scores the match. */
    public static SpeechMatch find(short[] reference, short[] recording, int sampleRate) {
        int frame = sampleRate / 200;
        int coarse = coarseLag(envelope(reference, frame), envelope(recording, frame)) * frame;
        double best = Double.NEGATIVE_INFINITY;
        double bestOffset = 0;
        double bestGain = 0;
        for (int f = 0; f < FRACTIONS; f++) {
            double[] shifted = shift(reference, (double) f / FRACTIONS);
            for (int lag = Math.max(0, coarse - 2 * frame); lag <= coarse + 2 * frame; lag++) {
                double[] score = score(shifted, recording, lag);
                if (score != null && score[1] > best) {
                    best = score[1];
                    bestOffset = lag + (double) f / FRACTIONS;
                    bestGain = score[0];
                }
            }
        }
        return new SpeechMatch(bestOffset, 20 * Math.log10(Math.max(bestGain, 1e-9)), best, 0, 0);
    }

    /**
     * Like {@link #find}, for a recording made of packets of {@code packet} samples (aligned to its start) that the
     * sender may have spread apart by inserting silent packets, as a pacer does when the audio for a slot came too
     * late. The reference is first found as a whole ({@link #find}); from there each voiced packet is placed where
     * it fits best, from where the one before it ended (a little earlier, or up to eight packets later), in eighths
     * of a sample; the score is over all voiced packets together. {@code shifts} counts the moves of at least half a
     * packet.
     */
    public static SpeechMatch findPacketwise(short[] reference, short[] recording, int sampleRate, int packet) {
        SpeechMatch whole = find(reference, recording, sampleRate);
        double[][] refs = new double[FRACTIONS][];
        for (int f = 0; f < FRACTIONS; f++) {
            refs[f] = shift(reference, (double) f / FRACTIONS);
        }
        double rr = 0;
        double rx = 0;
        double xx = 0;
        int shifts = 0;
        int lag = (int) Math.floor(whole.offset());
        boolean first = true;
        int unmatched = 0;
        // The whole match may have aligned on a later part of the speech: the first packet may lie before it.
        for (int at = Math.max(0, lag - 8 * packet); at + packet <= recording.length; at += packet) {
            double energy = 0;
            for (int i = at; i < at + packet; i++) {
                energy += (double) recording[i] * recording[i];
            }
            if (energy < packet * 100.0 * 100.0) {
                continue; // silence: inserted, or a pause in the speech
            }
            int from = first ? lag - 8 * packet : lag - 2;
            int to = lag + 8 * packet;
            int best = Integer.MIN_VALUE;
            int bestFrac = 0;
            double bestC = Double.NEGATIVE_INFINITY;
            for (int f = 0; f < FRACTIONS; f++) {
                double[] ref = refs[f];
                for (int l = from; l <= to; l++) {
                    int r0 = at - l;
                    if (r0 < 0 || r0 + packet > ref.length) {
                        continue;
                    }
                    double dot = 0;
                    double e = 0;
                    for (int i = 0; i < packet; i++) {
                        dot += ref[r0 + i] * recording[at + i];
                        e += ref[r0 + i] * ref[r0 + i];
                    }
                    double c = dot / Math.sqrt(Math.max(e * energy, 1e-9));
                    if (c > bestC) {
                        bestC = c;
                        best = l;
                        bestFrac = f;
                    }
                }
            }
            if (best == Integer.MIN_VALUE) {
                continue; // beyond the reference: other audio
            }
            if (bestC < 0.5) {
                unmatched++; // like nothing in the reference: a click, not a piece of the speech
                continue;
            }
            if (!first && Math.abs(best - lag) >= packet / 2) {
                shifts++;
            }
            first = false;
            lag = best;
            double[] ref = refs[bestFrac];
            for (int i = 0; i < packet; i++) {
                double r = ref[at - lag + i];
                rr += r * r;
                rx += r * recording[at + i];
                xx += (double) recording[at + i] * recording[at + i];
            }
        }
        double gain = rx / Math.max(rr, 1e-9);
        // Σ(x - g·r)² = Σx² - 2gΣrx + g²Σr²
        double err = Math.max(xx - 2 * gain * rx + gain * gain * rr, 1e-9);
        return new SpeechMatch(whole.offset(), 20 * Math.log10(Math.max(gain, 1e-9)),
                10 * Math.log10(gain * gain * rr / err), shifts, unmatched);
    }

    /** Upsamples 8 kHz audio to 16 kHz with a windowed-sinc interpolator (the reference for a 16 kHz agent). */
    static short[] upsample2(short[] in) {
        short[] out = new short[in.length * 2];
        double[] half = shift(in, 0.5);
        for (int i = 0; i < in.length; i++) {
            out[2 * i] = in[i];
            // shift(x, 0.5)[n] is x at n - 0.5: the sample halfway between n-1 and n.
            out[2 * i + 1] = (short) Math.max(-32768, Math.min(32767, Math.round(i + 1 < in.length ? half[i + 1] : 0)));
        }
        return out;
    }

    String describe() {
        return String.format(Locale.ROOT, "offset %.3f samples, gain %+.2f dB, SNR %.1f dB%s", offset, gainDb, snrDb,
                shifts > 0 || unmatched > 0 ? ", moved " + shifts + " time(s), " + unmatched + " packet(s) unlike it"
                        : "");
    }

    /** [gain, snr dB] of the best-scaled copy of {@code ref} at {@code lag} in {@code rec}; null when it does not fit. */
    private static double[] score(double[] ref, short[] rec, int lag) {
        if (lag + ref.length > rec.length) {
            return null;
        }
        double rr = 0;
        double rx = 0;
        for (int i = 0; i < ref.length; i++) {
            rr += ref[i] * ref[i];
            rx += ref[i] * rec[lag + i];
        }
        double gain = rx / Math.max(rr, 1e-9);
        double err = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = rec[lag + i] - gain * ref[i];
            err += d * d;
        }
        return new double[] {gain, 10 * Math.log10(gain * gain * rr / Math.max(err, 1e-9))};
    }

    /** {@code x} delayed by {@code frac} of a sample (0 ≤ frac &lt; 1), by a Hann-windowed sinc. */
    private static double[] shift(short[] x, double frac) {
        double[] out = new double[x.length];
        if (frac == 0) {
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i];
            }
            return out;
        }
        double[] taps = new double[2 * SINC_HALF_TAPS];
        for (int k = 0; k < taps.length; k++) {
            double t = k - SINC_HALF_TAPS + 1 - frac; // y[n] = sum x[n - k'] h(k' - frac)
            double w = 0.5 + 0.5 * Math.cos(Math.PI * t / (SINC_HALF_TAPS + 1));
            taps[k] = (t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t)) * w;
        }
        for (int n = 0; n < x.length; n++) {
            double acc = 0;
            for (int k = 0; k < taps.length; k++) {
                int i = n - (k - SINC_HALF_TAPS + 1);
                if (i >= 0 && i < x.length) {
                    acc += x[i] * taps[k];
                }
            }
            out[n] = acc;
        }
        return out;
    }

    private static double[] envelope(short[] x, int frame) {
        double[] env = new double[x.length / frame];
        for (int f = 0; f < env.length; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                // Capped, so that a click outside the speech cannot pull the search towards it.
                sum += Math.min(Math.abs(x[i]), 6000);
            }
            env[f] = sum / frame;
        }
        return env;
    }

    /** The envelope lag (in frames) where the recording's envelope best matches the reference's (normalised). */
    private static int coarseLag(double[] ref, double[] rec) {
        double best = Double.NEGATIVE_INFINITY;
        int bestLag = 0;
        for (int lag = 0; lag + ref.length <= rec.length; lag++) {
            double dot = 0;
            double energy = 0;
            for (int i = 0; i < ref.length; i++) {
                dot += ref[i] * rec[lag + i];
                energy += rec[lag + i] * rec[lag + i];
            }
            double c = dot / Math.sqrt(Math.max(energy, 1e-9));
            if (c > best) {
                best = c;
                bestLag = lag;
            }
        }
        return bestLag;
    }
}
