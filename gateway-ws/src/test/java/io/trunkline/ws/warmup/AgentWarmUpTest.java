package io.trunkline.ws.warmup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentWarmUpTest {
    @Test
    void theWebSocketRehearsalHandshakesAndEchoesItsFrames() {
        for (int i = 0; i < 3; i++) {
            assertTrue(WebSocketRehearsal.run(new byte[640]), "round " + i);
        }
    }

    @Test
    void everyProtocolRoundRunsWithoutLeavingBuffersBehind() {
        for (int i = 0; i < 20; i++) {
            assertDoesNotThrow(AgentWarmUp::run);
        }
    }
}
