package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.testing.RecordingListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PlayoutEncoderTest {

    private final RecordingListener drops = new RecordingListener();

    private static ByteBuffer pcm16Tone(int samples, int rate, boolean direct) {
        ByteBuffer b = (direct ? ByteBuffer.allocateDirect(samples * 2) : ByteBuffer.allocate(samples * 2))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * i / rate)));
        }
        return b.flip();
    }

    @Test
    void agentAudioOfAnySizeIsConvertedToTheCarrierCodec() {
        PlayoutQueue queue = new PlayoutQueue(1600, 80_000, name -> { });
        PlayoutEncoder encoder = new PlayoutEncoder(AudioFormat.PCM16_16K, AudioFormat.PCMU_8K, queue, drops);
        ByteBuffer second = pcm16Tone(16_000, 16_000, false);
        // Uneven pieces, one with half a sample at its end.
        int[] cuts = {0, 1001, 7777, 20_000, 32_000};
        for (int i = 0; i + 1 < cuts.length; i++) {
            ByteBuffer piece = second.duplicate().position(cuts[i]).limit(cuts[i + 1]);
            assertEquals(0, encoder.play(piece));
            assertEquals(cuts[i], piece.position(), "the borrowed buffer is left as it was");
        }
        assertEquals(8000, queue.size(), "1 s of μ-law");
    }

    @Test
    void directBuffersWorkToo() {
        PlayoutQueue heapQueue = new PlayoutQueue(1600, 80_000, name -> { });
        PlayoutQueue directQueue = new PlayoutQueue(1600, 80_000, name -> { });
        new PlayoutEncoder(AudioFormat.PCM16_8K, AudioFormat.PCMA_8K, heapQueue, drops).play(pcm16Tone(4000, 8000, false));
        new PlayoutEncoder(AudioFormat.PCM16_8K, AudioFormat.PCMA_8K, directQueue, drops).play(pcm16Tone(4000, 8000, true));
        byte[] heap = new byte[4000];
        byte[] direct = new byte[4000];
        assertEquals(4000, heapQueue.read(heap, 0, 4000));
        assertEquals(4000, directQueue.read(direct, 0, 4000));
        assertArrayEquals(heap, direct);
    }

    @Test
    void whatDoesNotFitIsReturnedInAgentBytes() {
        PlayoutQueue queue = new PlayoutQueue(800, 1600, name -> { }); // 200 ms cap
        PlayoutEncoder encoder = new PlayoutEncoder(AudioFormat.PCM16_16K, AudioFormat.PCMU_8K, queue, drops);
        int dropped = encoder.play(pcm16Tone(16_000, 16_000, false)); // 1 s
        assertEquals(1600, queue.size());
        assertEquals((8000 - 1600) * 4, dropped, "4 agent bytes per μ-law byte");
        assertEquals(40, drops.drops(DropReason.PLAYOUT_FULL), "6400 μ-law bytes are 40 frames of 20 ms, counted once");
        assertEquals(1, drops.drops.size());
    }

    @Test
    void aFrameRefusedInPiecesCountsOnceWhenItsFirstByteIsRefused() {
        PlayoutQueue queue = new PlayoutQueue(160, 160, name -> { }); // room for one frame
        PlayoutEncoder encoder = new PlayoutEncoder(AudioFormat.PCMU_8K, AudioFormat.PCMU_8K, queue, drops);
        assertEquals(0, encoder.play(ByteBuffer.wrap(new byte[160])));
        assertEquals(0, drops.drops(DropReason.PLAYOUT_FULL), "it fits: nothing dropped");
        assertEquals(50, encoder.play(ByteBuffer.wrap(new byte[50])));
        assertEquals(1, drops.drops(DropReason.PLAYOUT_FULL), "the first refused byte starts a dropped frame");
        assertEquals(100, encoder.play(ByteBuffer.wrap(new byte[100])));
        assertEquals(1, drops.drops(DropReason.PLAYOUT_FULL), "the same frame, still 150 of its 160 bytes");
        assertEquals(20, encoder.play(ByteBuffer.wrap(new byte[20])));
        assertEquals(2, drops.drops(DropReason.PLAYOUT_FULL), "bytes 161..170: a second frame");
    }
}
