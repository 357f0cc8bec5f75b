package io.trunkline.sip.uas;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The calls this server currently knows, by SIP Call-ID. A call leaves as soon as it reached its end. */
public final class CallRegistry {
    private final ConcurrentMap<String, SipCall> calls = new ConcurrentHashMap<>();

    /** Adds {@code call}; false when another call already has its Call-ID. */
    boolean add(SipCall call) {
        return calls.putIfAbsent(call.callId(), call) == null;
    }

    SipCall get(String callId) {
        return callId == null ? null : calls.get(callId);
    }

    void remove(SipCall call) {
        calls.remove(call.callId(), call);
    }

    public int size() {
        return calls.size();
    }

    public void clear() {
        calls.clear();
    }
}
