package io.trunkline.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameEnergyTest {

    @Test
    void levelsDoNotDependOnChunkingBufferKindOrByteOrder() {
        SplittableRandom random = new SplittableRandom(7);
        for (AudioFormat format : AudioFormat.values()) {
            byte[] audio = new byte[format.frameBytes() * 9 + 3];
            random.nextBytes(audio);
            List<Double> expected = reference(format, audio);
            for (int trial = 0; trial < 20; trial++) {
                boolean direct = trial % 2 == 0;
                ByteOrder order = trial % 4 < 2 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
                List<Double> levels = new ArrayList<>();
                FrameEnergy energy = new FrameEnergy(format);
                int at = 0;
                while (at < audio.length) {
                    int chunk = Math.min(audio.length - at, 1 + random.nextInt(format.frameBytes() + 40));
                    ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(chunk + 5) : ByteBuffer.allocate(chunk + 5);
                    buffer.order(order).position(5);
                    buffer.put(audio, at, chunk).position(5);
                    energy.feed(buffer, levels::add);
                    assertEquals(5, buffer.position(), "feed must not move the position");
                    at += chunk;
                }
                assertEquals(expected, levels, format + " trial " + trial);
            }
        }
    }

    /** One sample at a time in doubles: the straightforward definition (every other sample at 16 kHz). */
    private static List<Double> reference(AudioFormat format, byte[] audio) {
        List<Double> levels = new ArrayList<>();
        int samples = 0;
        double sum = 0;
        int step = format.bytesPerSample();
        int stride = format.sampleRate() / 8000;
        for (int i = 0; i + step <= audio.length; i += step) {
            int sample = switch (format.encoding()) {
                case MULAW -> FrameEnergy.ulaw(audio[i] & 0xff);
                case ALAW -> FrameEnergy.alaw(audio[i] & 0xff);
                case PCM16LE -> (short) (audio[i] & 0xff | audio[i + 1] << 8);
            };
            if (samples % stride == 0) {
                sum += (double) sample * sample;
            }
            if (++samples == format.frameSamples()) {
                levels.add(FrameEnergy.dbfs(sum / (samples / stride)));
                samples = 0;
                sum = 0;
            }
        }
        return levels;
    }
}
