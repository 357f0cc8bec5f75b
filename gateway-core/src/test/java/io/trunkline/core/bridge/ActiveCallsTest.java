package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trunkline.core.control.CallControlException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveCallsTest {

    @Test
    void anUnknownOrMissingIdIsNotFound() {
        ActiveCalls calls = new ActiveCalls();
        assertEquals(CallControlException.Kind.NOT_FOUND,
                assertThrows(CallControlException.class, () -> calls.find("c-nope")).kind());
        CallControlException missing = assertThrows(CallControlException.class, () -> calls.find(null));
        assertEquals(CallControlException.Kind.NOT_FOUND, missing.kind());
        assertEquals("no active call null", missing.getMessage());
    }

    @Test
    void noAgentCallIdMatchesNoCall() {
        ActiveCalls calls = new ActiveCalls();
        assertEquals(Optional.empty(), calls.idForAgentCall(null));
        assertEquals(Optional.empty(), calls.idForAgentCall(""));
        assertEquals(Optional.empty(), calls.idForAgentCall("vapi-1"));
    }
}
