package io.trunkline.server.testing;

import io.trunkline.rtp.codec.G711;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Test signals and their measurement: sine tones in μ-law and PCM16, μ-law WAV files for SIPp, decoding what came
 * back, and single-bin DFT (Goertzel) levels in dBFS.
 */
public final class TestAudio {
    /** Peak amplitude of a 0 dBFS sine. */
    public static final double FULL_SCALE = 32767;

    private TestAudio() {
    }

    /** A sine of {@code hz} at {@code dbfs} (peak), {@code millis} long, as 8 kHz μ-law. */
    public static byte[] ulawTone(double hz, double dbfs, int millis) {
        return ulaw(sine(hz, dbfs, 8000, millis));
    }

    /** The same tone as 16 kHz PCM16 little-endian (Vapi's default format). */
    public static byte[] pcm16Tone(double hz, double dbfs, int millis) {
        short[] pcm = sine(hz, dbfs, 16000, millis);
        ByteBuffer out = ByteBuffer.allocate(2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : pcm) {
            out.putShort(s);
        }
        return out.array();
    }

    /**
     * A caller who speaks in bursts, as 8 kHz μ-law: {@code burstMillis} of the tone, then silence, every
     * {@code periodMillis}, {@code totalMillis} in all.
     */
    public static byte[] ulawBursts(double hz, double dbfs, int burstMillis, int periodMillis, int totalMillis) {
        short[] pcm = sine(hz, dbfs, 8000, totalMillis);
        for (int i = 0; i < pcm.length; i++) {
            if ((i / 8) % periodMillis >= burstMillis) {
                pcm[i] = 0;
            }
        }
        return ulaw(pcm);
    }

    private static short[] sine(double hz, double dbfs, int rate, int millis) {
        int n = rate / 1000 * millis;
        double amplitude = FULL_SCALE * Math.pow(10, dbfs / 20);
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    private static byte[] ulaw(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = G711.linearToUlaw(pcm[i]);
        }
        return out;
    }

    /** Writes the tone as an 8 kHz mono μ-law WAV, what SIPp's {@code rtp_stream} plays. */
    public static void ulawToneWav(Path file, double hz, double dbfs, int millis) throws IOException {
        writeUlawWav(file, ulawTone(hz, dbfs, millis));
    }

    /** Writes 8 kHz μ-law samples as a mono μ-law WAV, what SIPp's {@code rtp_stream} plays. */
    public static void writeUlawWav(Path file, byte[] ulaw) throws IOException {
        ByteBuffer wav = ByteBuffer.allocate(44 + ulaw.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(36 + ulaw.length).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(16).putShort((short) 7).putShort((short) 1) // format 7 = μ-law, mono
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8);
        wav.put(ascii("data")).putInt(ulaw.length).put(ulaw);
        Files.write(file, wav.array());
    }

    /** μ-law bytes decoded to linear samples. */
    public static short[] decodeUlaw(byte[] ulaw) {
        short[] out = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            out[i] = G711.ulawToLinear(ulaw[i]);
        }
        return out;
    }

    /** PCM16 little-endian bytes as samples. */
    public static short[] pcm16le(byte[] pcm) {
        short[] out = new short[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        }
        return out;
    }

    /** The base64 μ-law payloads of Twilio {@code media} messages, decoded and concatenated. */
    public static byte[] concatBase64(Iterable<String> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(Base64.getDecoder().decode(p));
        }
        return out.toByteArray();
    }

    /**
     * Level in dBFS (a full-scale sine is 0 dBFS) of the {@code hz} component of samples [from, to). Exact for a
     * tone with a whole number of periods in the window; callers choose such windows so that nothing leaks between
     * bins.
     */
    public static double levelDbfs(short[] samples, int sampleRate, double hz, int from, int to) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = samples[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double magnitudeSquared = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        double amplitude = 2 * Math.sqrt(Math.max(0, magnitudeSquared)) / (to - from);
        return 20 * Math.log10(Math.max(amplitude / FULL_SCALE, 1e-12));
    }

    /**
     * Level in dBFS of the {@code hz} component of the middle of {@code samples}: 100 ms cut at each end (where
     * streams start and stop), whole periods of {@code period} samples. -240 when too little is left.
     */
    public static double middleLevelDbfs(short[] samples, int sampleRate, double hz, int period) {
        int from = sampleRate / 10;
        int length = samples.length - 2 * from;
        if (length <= period) {
            return -240;
        }
        return levelDbfs(samples, sampleRate, hz, from, from + wholePeriods(length, period));
    }

    /** Shortens {@code length} to a whole multiple of {@code period} samples (no leakage between exact bins). */
    public static int wholePeriods(int length, int period) {
        return length - length % period;
    }

    private static byte[] ascii(String chunkId) {
        return chunkId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
