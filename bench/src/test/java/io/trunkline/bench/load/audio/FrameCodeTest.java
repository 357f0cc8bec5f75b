package io.trunkline.bench.load.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.rtp.codec.Downsampler2x;
import io.trunkline.rtp.codec.G711;
import io.trunkline.rtp.codec.Upsampler2x;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Frame ids survive the gateway's own audio paths, frame after frame, and silence is told apart. */
class FrameCodeTest {

    @Test
    void muLawMatchesTheGatewaysG711() {
        for (int code = 0; code < 256; code++) {
            assertEquals(G711.ulawToLinear((byte) code), MuLaw.decode((byte) code), "code " + code);
        }
        for (int v = -32768; v <= 32767; v += 7) {
            assertEquals(G711.linearToUlaw((short) v), MuLaw.encode(v), "sample " + v);
        }
    }

    @Test
    void idsSurviveMuLawPassthrough() {
        byte[] frame = new byte[160];
        short[] samples = new short[160];
        for (int id : new int[] {0, 1, 0x1234, 0xfedc, 0xffff}) {
            FrameCode.encodeMuLaw(id, frame, 0);
            FrameCode.muLawToLinear(frame, 0, samples);
            assertEquals(id, FrameCode.decode(samples, FrameCode.Layout.MULAW_DIRECT));
        }
    }

    @Test
    void idsSurviveDecodeAndUpsamplingTo16kHz() {
        Upsampler2x up = new Upsampler2x();
        byte[] frame = new byte[160];
        short[] linear = new short[160];
        short[] wide = new short[320];
        SplittableRandom random = new SplittableRandom(1);
        for (int n = 0; n < 500; n++) {
            int id = random.nextInt(65536);
            FrameCode.encodeMuLaw(id, frame, 0);
            G711.decodeUlaw(frame, 0, linear, 0, 160);
            up.process(linear, 0, 160, wide, 0);
            assertEquals(id, FrameCode.decode(wide, FrameCode.Layout.PCM16_UPSAMPLED), "frame " + n);
        }
    }

    @Test
    void idsSurviveDownsamplingAndMuLawEncoding() {
        Downsampler2x down = new Downsampler2x();
        byte[] pcm = new byte[640];
        short[] wide = new short[320];
        short[] narrow = new short[160];
        byte[] ulaw = new byte[160];
        short[] decoded = new short[160];
        SplittableRandom random = new SplittableRandom(2);
        for (int n = 0; n < 500; n++) {
            int id = random.nextInt(65536);
            FrameCode.encodePcm16(id, pcm, 0);
            FrameCode.pcm16ToLinear(pcm, 0, wide);
            assertEquals(160, down.process(wide, 0, 320, narrow, 0));
            G711.encodeUlaw(narrow, 0, ulaw, 0, 160);
            FrameCode.muLawToLinear(ulaw, 0, decoded);
            assertEquals(id, FrameCode.decode(decoded, FrameCode.Layout.MULAW_DOWNSAMPLED), "frame " + n);
        }
    }

    @Test
    void silenceAndNoiseAreNotIds() {
        short[] samples = new short[160];
        assertEquals(FrameCode.SILENCE, FrameCode.decode(samples, FrameCode.Layout.MULAW_DIRECT));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) random.nextInt(-20000, 20000);
        }
        assertEquals(FrameCode.INVALID, FrameCode.decode(samples, FrameCode.Layout.MULAW_DIRECT));
    }
}
