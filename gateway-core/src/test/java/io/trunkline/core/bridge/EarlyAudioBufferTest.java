package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyAudioBufferTest {

    @Test
    void keepsFramesInOrderUpToTheBoundAndCountsTheRest() {
        EarlyAudioBuffer buffer = new EarlyAudioBuffer(3 * 640);
        for (int i = 0; i < 5; i++) {
            byte[] frame = new byte[640];
            frame[0] = (byte) i;
            buffer.add(ByteBuffer.wrap(frame));
        }
        assertEquals(2, buffer.droppedFrames());
        List<Integer> firstBytes = new ArrayList<>();
        buffer.drainTo(b -> {
            assertEquals(640, b.remaining());
            firstBytes.add((int) b.get(b.position()));
        });
        assertEquals(List.of(0, 1, 2), firstBytes);
        assertEquals(0, buffer.bufferedBytes());
    }
}
