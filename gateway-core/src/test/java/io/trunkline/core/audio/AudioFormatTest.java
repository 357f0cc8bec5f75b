package io.trunkline.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AudioFormatTest {

    @Test
    void frameSizesMatchTwentyMilliseconds() {
        assertEquals(160, AudioFormat.PCMU_8K.frameBytes());
        assertEquals(160, AudioFormat.PCMA_8K.frameBytes());
        assertEquals(320, AudioFormat.PCM16_8K.frameBytes());
        assertEquals(640, AudioFormat.PCM16_16K.frameBytes());
        assertEquals(320, AudioFormat.PCM16_16K.frameSamples());
        assertEquals(20.0, AudioFormat.PCM16_16K.millisOf(640));
    }

    @Test
    void dtmfDigitsMapToRfc4733Events() {
        assertEquals('#', DtmfDigit.digitForEvent(11));
        assertEquals('*', DtmfDigit.digitForEvent(10));
        assertEquals(0, DtmfDigit.digitForEvent(17));
        assertEquals(11, new DtmfDigit('#', 100).eventCode());
        assertThrows(IllegalArgumentException.class, () -> new DtmfDigit('x', 10));
    }
}
