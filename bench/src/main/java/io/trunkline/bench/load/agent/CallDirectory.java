package io.trunkline.bench.load.agent;

import io.trunkline.bench.load.call.LoadCall;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The calls of a run by index, for the agent to find the call a session belongs to. */
public final class CallDirectory {

    private final AtomicReferenceArray<LoadCall> calls;

    public CallDirectory(int capacity) {
        this.calls = new AtomicReferenceArray<>(capacity);
    }

    public void put(LoadCall call) {
        calls.set(call.index(), call);
    }

    /** The call with this index, or null (an unknown caller, e.g. SIPp's). */
    public LoadCall get(int index) {
        return index >= 0 && index < calls.length() ? calls.get(index) : null;
    }
}
