package io.trunkline.bench.codec;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.rtp.codec.AudioConverter;
import io.trunkline.rtp.codec.G711;
import io.trunkline.rtp.codec.Pcm16;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one 20 ms frame through the media path's audio conversions: caller audio to a 16 kHz agent
 * (μ-law decode + 8→16 kHz), agent audio back to the caller (16→8 kHz + μ-law encode), and the μ-law
 * pass-through used when the agent speaks G.711 itself. The input cycles through one second of speech-like audio (a few
 * harmonics with vibrato plus noise) so table lookups see realistic, varying values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {

    private static final int FRAMES = 50;

    private final AudioConverter ulawToPcm16k = AudioConverter.create(AudioFormat.PCMU_8K, AudioFormat.PCM16_16K);
    private final AudioConverter pcm16kToUlaw = AudioConverter.create(AudioFormat.PCM16_16K, AudioFormat.PCMU_8K);
    private final AudioConverter ulawPassThrough = AudioConverter.create(AudioFormat.PCMU_8K, AudioFormat.PCMU_8K);

    private byte[] ulaw;
    private byte[] pcm16k;
    private final byte[] out = new byte[640];
    private int frame;

    @Setup
    public void setUp() {
        short[] speech8k = speechLike(8000);
        ulaw = new byte[speech8k.length];
        G711.encodeUlaw(speech8k, 0, ulaw, 0, speech8k.length);
        short[] speech16k = speechLike(16000);
        pcm16k = new byte[2 * speech16k.length];
        Pcm16.write(speech16k, 0, pcm16k, 0, speech16k.length);
    }

    /** (a) 160 bytes of μ-law in, 640 bytes of PCM16 at 16 kHz out. */
    @Benchmark
    public int ulawDecodeUpsample() {
        return ulawToPcm16k.convert(ulaw, next() * 160, 160, out, 0);
    }

    /** (b) 640 bytes of PCM16 at 16 kHz in, 160 bytes of μ-law out. */
    @Benchmark
    public int downsampleUlawEncode() {
        return pcm16kToUlaw.convert(pcm16k, next() * 640, 640, out, 0);
    }

    /** (c) 160 bytes of μ-law copied unchanged. */
    @Benchmark
    public int ulawPassThrough() {
        return ulawPassThrough.convert(ulaw, next() * 160, 160, out, 0);
    }

    private int next() {
        int f = frame;
        frame = f + 1 == FRAMES ? 0 : f + 1;
        return f;
    }

    private static short[] speechLike(int rate) {
        Random rnd = new Random(1);
        short[] s = new short[rate * FRAMES / 50];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / rate;
            double pitch = 140 * (1 + 0.1 * Math.sin(2 * Math.PI * 3 * t));
            phase += 2 * Math.PI * pitch / rate;
            double v = 0;
            for (int k = 1; k <= 20 && k * pitch < 3600; k++) {
                v += Math.sin(k * phase) / k;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 2 * t);
            s[i] = (short) Math.max(-32768, Math.min(32767, 9000 * envelope * v + 300 * rnd.nextGaussian()));
        }
        return s;
    }
}
