package io.trunkline.server.e2e;

import io.trunkline.rtp.codec.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 8 kHz mono μ-law WAV files (what SIPp's rtp_stream plays) of synthetic audio. */
final class MuLawWav {
    private MuLawWav() {
    }

    /** A tone of {@code hz} at {@code dbfs} for {@code millis}. */
    static void tone(Path file, double hz, double dbfs, int millis) throws IOException {
        int samples = 8 * millis;
        double amplitude = 32767 * Math.pow(10, dbfs / 20);
        byte[] data = new byte[samples];
        for (int i = 0; i < samples; i++) {
            data[i] = G711.linearToUlaw((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8000)));
        }
        ByteBuffer wav = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 7).putShort((short) 1) // format 7 = mu-law, mono
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8);
        wav.put("data".getBytes()).putInt(samples).put(data);
        Files.write(file, wav.array());
    }
}
