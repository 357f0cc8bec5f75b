package io.trunkline.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A spoken sentence for audio tests: espeak-ng speech band-limited to the telephone band (200–3400 Hz), at -6 dBFS
 * peak, written as the 8 kHz mono PCM16 WAV a caller such as {@link Baresip} speaks.
 */
public final class Speech {
    private static final int VOICED = 300;
    private static final int MARGIN = 80;

    /** The WAV a caller speaks, and the reference: the speech without its leading and trailing silence. */
    public record Sentence(Path wav, short[] voiced) {
    }

    private Speech() {
    }

    /** Skips the test (fails it in CI) unless espeak-ng and sox are installed. */
    public static void require() {
        Tools.require(Path.of("/usr/bin/espeak-ng"), "espeak-ng");
        Tools.require(Path.of("/usr/bin/sox"), "sox");
    }

    /**
     * Speaks {@code text} into {@code dir}/speech-8k-s16.wav with {@code silenceBefore} and {@code silenceAfter}
     * seconds of silence around it.
     */
    public static Sentence make(Path dir, String text, double silenceBefore, double silenceAfter)
            throws IOException, InterruptedException {
        require();
        Path raw = dir.resolve("speech-raw.wav");
        Path wav = dir.resolve("speech-8k-s16.wav");
        run(dir, List.of("espeak-ng", "-w", raw.toString(), text));
        run(dir, List.of("sox", raw.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
                wav.toString(), "highpass", "200", "lowpass", "3400", "norm", "-6",
                "pad", Double.toString(silenceBefore), Double.toString(silenceAfter)));
        return new Sentence(wav, voiced(Baresip.pcm(wav)));
    }

    /** {@code pcm} without its leading and trailing silence (10 ms kept on each side). */
    public static short[] voiced(short[] pcm) {
        int first = 0;
        while (first < pcm.length && Math.abs(pcm[first]) < VOICED) {
            first++;
        }
        int last = pcm.length - 1;
        while (last > first && Math.abs(pcm[last]) < VOICED) {
            last--;
        }
        return Arrays.copyOfRange(pcm, Math.max(0, first - MARGIN), Math.min(pcm.length, last + MARGIN + 1));
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Processes.Result result = Processes.run(dir, dir.resolve(command.get(0) + ".log"), 30, command);
        assertEquals(0, result.exitCode(), command + ": " + result);
    }
}
