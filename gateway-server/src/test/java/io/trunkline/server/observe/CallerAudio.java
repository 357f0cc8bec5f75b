package io.trunkline.server.observe;

import io.trunkline.rtp.codec.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A caller who speaks in short bursts: {@code burstMillis} of a tone at -12 dBFS, then silence, every
 * {@code periodMillis}, written as the 8 kHz mono μ-law WAV that SIPp's {@code rtp_stream} plays. Against the demo
 * agent (which echoes the caller half a second later) every burst that ends before its echo starts is one turn.
 */
final class CallerAudio {
    private CallerAudio() {
    }

    static void bursts(Path file, int burstMillis, int periodMillis, int totalMillis) throws IOException {
        int samples = 8 * totalMillis;
        double amplitude = 32767 * Math.pow(10, -12 / 20.0);
        byte[] data = new byte[samples];
        for (int i = 0; i < samples; i++) {
            boolean speaking = (i / 8) % periodMillis < burstMillis;
            double sample = speaking ? amplitude * Math.sin(2 * Math.PI * 440 * i / 8000) : 0;
            data[i] = G711.linearToUlaw((short) Math.round(sample));
        }
        ByteBuffer wav = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 7).putShort((short) 1) // format 7 = mu-law, mono
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8);
        wav.put("data".getBytes()).putInt(samples).put(data);
        Files.write(file, wav.array());
    }
}
