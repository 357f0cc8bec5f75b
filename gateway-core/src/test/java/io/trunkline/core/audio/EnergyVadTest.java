package io.trunkline.core.audio;

import static io.trunkline.core.audio.EnergyVad.Transition.NONE;
import static io.trunkline.core.audio.EnergyVad.Transition.SPEECH_ENDED;
import static io.trunkline.core.audio.EnergyVad.Transition.SPEECH_STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyVadTest {

    @Test
    void speechNeedsItsOnsetAndEndsOnlyAfterTheHangover() {
        EnergyVad vad = new EnergyVad(-45, 2, 3);
        assertEquals(NONE, vad.offer(-20), "one loud frame is not yet speech (a click)");
        assertEquals(NONE, vad.offer(-60));
        assertEquals(NONE, vad.offer(-20));
        assertEquals(SPEECH_STARTED, vad.offer(-30));
        assertTrue(vad.speaking());
        // A pause of three frames is inside the hangover: still the same utterance.
        assertEquals(NONE, vad.offer(-70));
        assertEquals(NONE, vad.offer(-70));
        assertEquals(NONE, vad.offer(-70));
        assertEquals(NONE, vad.offer(-25));
        for (int i = 0; i < 3; i++) {
            assertEquals(NONE, vad.offer(-80));
        }
        assertEquals(SPEECH_ENDED, vad.offer(-80), "the fourth silent frame ends it");
        assertFalse(vad.speaking());
    }

    @Test
    void aGapCountsAsSilence() {
        EnergyVad vad = new EnergyVad(-45, 1, 15);
        assertEquals(SPEECH_STARTED, vad.offer(-10));
        assertEquals(NONE, vad.silence(15));
        assertEquals(SPEECH_ENDED, vad.silence(1));
        assertEquals(NONE, vad.silence(100));
    }

    @Test
    void levelsOfKnownSignals() {
        List<Double> levels = new ArrayList<>();
        // A full-scale square wave in PCM16: mean square = 32767², i.e. 0 dBFS.
        FrameEnergy pcm = new FrameEnergy(AudioFormat.PCM16_8K);
        ByteBuffer square = ByteBuffer.allocate(320).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 160; i++) {
            square.putShort((short) (i % 2 == 0 ? 32767 : -32767));
        }
        pcm.feed(square.flip(), levels::add);
        assertEquals(1, levels.size());
        assertEquals(0.0, levels.get(0), 0.01);

        // μ-law 0xFF and A-law 0xD5 are the codes of zero: digital silence.
        levels.clear();
        byte[] ulawSilence = new byte[160];
        java.util.Arrays.fill(ulawSilence, (byte) 0xFF);
        new FrameEnergy(AudioFormat.PCMU_8K).feed(ByteBuffer.wrap(ulawSilence), levels::add);
        byte[] alawSilence = new byte[160];
        java.util.Arrays.fill(alawSilence, (byte) 0xD5);
        new FrameEnergy(AudioFormat.PCMA_8K).feed(ByteBuffer.wrap(alawSilence), levels::add);
        assertEquals(2, levels.size());
        // A-law has no exact zero: its smallest code is ±8, far below any threshold.
        assertEquals(FrameEnergy.SILENCE_DBFS, levels.get(0), 0);
        assertTrue(levels.get(1) < -70, levels.toString());

        // A sine at amplitude A has RMS A/√2: -12 dBFS peak is -15.01 dBFS RMS.
        levels.clear();
        double amplitude = 32768 * Math.pow(10, -12 / 20.0);
        ByteBuffer sine = ByteBuffer.allocate(640).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 320; i++) {
            sine.putShort((short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * i / 16000)));
        }
        pcm = new FrameEnergy(AudioFormat.PCM16_16K);
        sine.flip();
        // Fed in uneven pieces, one of them splitting a sample: the frame is still measured whole.
        pcm.feed(sine.duplicate().limit(101), levels::add);
        pcm.feed(sine.duplicate().position(101).limit(333), levels::add);
        pcm.feed(sine.duplicate().position(333), levels::add);
        assertEquals(1, levels.size());
        assertEquals(-15.01, levels.get(0), 0.05);
    }

    @Test
    void g711ExpansionMatchesTheStandardsEndPoints() {
        assertEquals(0, FrameEnergy.ulaw(0xFF));
        assertEquals(-32124, FrameEnergy.ulaw(0x00));
        assertEquals(32124, FrameEnergy.ulaw(0x80));
        assertEquals(8, FrameEnergy.alaw(0xD5));
        assertEquals(-8, FrameEnergy.alaw(0x55));
        assertEquals(32256, FrameEnergy.alaw(0xAA));
    }
}
