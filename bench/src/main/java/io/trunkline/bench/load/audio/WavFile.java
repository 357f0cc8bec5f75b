package io.trunkline.bench.load.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the 8 kHz mono μ-law WAV that SIPp streams as the caller's voice. */
public final class WavFile {

    private WavFile() {
    }

    /** {@code seconds} of a speech-like signal: a 200 Hz tone with harmonics, rising and falling in level. */
    public static void writeMuLaw(Path file, int seconds) throws IOException {
        int n = 8000 * seconds;
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t);
            double v = Math.sin(2 * Math.PI * 200 * t) + 0.5 * Math.sin(2 * Math.PI * 400 * t)
                    + 0.25 * Math.sin(2 * Math.PI * 800 * t);
            data[i] = MuLaw.encode((int) (6000 * envelope * v));
        }
        ByteBuffer b = ByteBuffer.allocate(46 + n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(38 + n).put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(18).putShort((short) 7).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8).putShort((short) 0);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(n).put(data);
        Files.write(file, b.array());
    }
}
