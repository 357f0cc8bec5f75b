package io.trunkline.server.agents;

import io.trunkline.rtp.codec.G711;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Test tones in the agents' formats, a μ-law WAV for SIPp, and tone levels measured with a Goertzel filter. */
final class Signals {
    static final double FULL_SCALE = 32767;

    private Signals() {
    }

    /** A sine of {@code hz} at {@code dbfs} (peak), {@code millis} long, as 8 kHz μ-law. */
    static byte[] ulawTone(double hz, double dbfs, int millis) {
        short[] pcm = sine(hz, dbfs, 8000, millis);
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = G711.linearToUlaw(pcm[i]);
        }
        return out;
    }

    /** The same tone as 16 kHz PCM16 little-endian (Vapi's default format). */
    static byte[] pcm16Tone(double hz, double dbfs, int millis) {
        short[] pcm = sine(hz, dbfs, 16000, millis);
        ByteBuffer out = ByteBuffer.allocate(2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : pcm) {
            out.putShort(s);
        }
        return out.array();
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

    /** Writes the tone as an 8 kHz mono μ-law WAV, what SIPp's {@code rtp_stream} plays. */
    static void ulawWav(Path file, double hz, double dbfs, int millis) throws IOException {
        byte[] data = ulawTone(hz, dbfs, millis);
        ByteBuffer wav = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 7).putShort((short) 1) // format 7 = μ-law, mono
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8);
        wav.put("data".getBytes()).putInt(data.length).put(data);
        Files.write(file, wav.array());
    }

    static short[] decodeUlaw(byte[] ulaw) {
        short[] out = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            out[i] = G711.ulawToLinear(ulaw[i]);
        }
        return out;
    }

    static short[] pcm16le(byte[] pcm) {
        short[] out = new short[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
        }
        return out;
    }

    /** The base64 μ-law payloads of Twilio {@code media} messages, decoded and concatenated. */
    static byte[] concatBase64(Iterable<String> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(Base64.getDecoder().decode(p));
        }
        return out.toByteArray();
    }

    /**
     * Level in dBFS of the {@code hz} component of the middle of {@code samples} (100 ms cut at each end, whole
     * periods of {@code period} samples so nothing leaks between bins).
     */
    static double levelDbfs(short[] samples, int rate, double hz, int period) {
        int from = rate / 10;
        int length = samples.length - 2 * from;
        if (length <= period) {
            return -240;
        }
        int to = from + length - length % period;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = samples[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double amplitude = 2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2)) / (to - from);
        return 20 * Math.log10(Math.max(amplitude / FULL_SCALE, 1e-12));
    }
}
