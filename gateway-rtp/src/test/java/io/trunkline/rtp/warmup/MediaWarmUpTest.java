package io.trunkline.rtp.warmup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class MediaWarmUpTest {
    @Test
    void roundsRunWithoutLeavingBuffersBehind() {
        for (int i = 0; i < 20; i++) {
            assertDoesNotThrow(MediaWarmUp::run);
        }
    }
}
