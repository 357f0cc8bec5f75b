package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.testing.ManualCallLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring-back tone: its cadence, its level, and how it keeps the caller's leg fed until it stops. */
class RingBackTest {

    @Test
    void twoSecondsOfToneThenFourOfSilence() {
        long onSamples = 0;
        long loud = 0;
        for (long n = 0; n < 6 * 8000; n++) {
            short s = RingBack.sampleAt(n);
            if (n < 2 * 8000) {
                onSamples++;
                loud = Math.max(loud, Math.abs(s));
            } else {
                assertEquals(0, s, "silent at sample " + n);
            }
        }
        assertEquals(16_000, onSamples);
        // Two tones of 0.15 full scale each: peaks up to 0.3 of full scale, never clipped.
        assertTrue(loud > 0.25 * Short.MAX_VALUE && loud <= 0.3 * Short.MAX_VALUE + 1, "peak " + loud);
        assertEquals(RingBack.sampleAt(0), RingBack.sampleAt(6 * 8000), "the cadence repeats");
    }

    @Test
    void itSwitchesTheLegToPcm16AndKeepsAboutTwoHundredMillisecondsQueuedUntilStopped() {
        ManualCallLoop loop = new ManualCallLoop();
        Fakes.Media leg = new Fakes.Media();
        RingBack ringBack = new RingBack(loop, leg);
        loop.execute(ringBack::start);
        loop.runPending();

        assertEquals(List.of(AudioFormat.PCM16_8K), leg.formats);
        assertEquals(10, leg.played.size(), "200 ms of 20 ms frames");
        assertEquals(AudioFormat.PCM16_8K.frameBytes(), leg.played.get(0).length);

        leg.played.subList(0, 5).clear(); // the pacer sent 100 ms
        loop.advanceMillis(100);
        assertEquals(10, leg.played.size(), "topped up");

        loop.execute(ringBack::stop);
        loop.runPending();
        assertEquals(1, leg.clears, "what is left of the tone is dropped");
        assertEquals(0, loop.pendingTimers());
        leg.played.clear();
        loop.advanceMillis(500);
        assertTrue(leg.played.isEmpty(), "nothing more after stop");
    }
}
