package io.trunkline.ws.twiml;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls run by TwiML, by call SID: those in progress and the most recent that ended (bounded), for the Calls
 * resource. The map from Twilio's call SID to the gateway's call id lives here. Thread-safe.
 */
public final class TwimlCalls {

    private final int recentLimit;
    private final Map<String, TwimlCall> live = new ConcurrentHashMap<>();
    private final Deque<TwimlCall> recent = new ArrayDeque<>();

    /** @param recentLimit how many ended calls are kept */
    public TwimlCalls(int recentLimit) {
        this.recentLimit = recentLimit;
    }

    /** A call SID came into use (the call's TwiML leg started). */
    TwimlCall started(String sid, String accountSid, String callId, String from, String to,
            TwimlCall.Control control) {
        TwimlCall call = new TwimlCall(sid, accountSid, callId, from, to, Instant.now(), control);
        live.put(sid, call);
        return call;
    }

    void ended(TwimlCall call, String status) {
        call.ended(Instant.now(), status);
        live.remove(call.sid(), call);
        synchronized (recent) {
            recent.addFirst(call);
            while (recent.size() > recentLimit) {
                recent.removeLast();
            }
        }
    }

    /** The call with this SID, live or recently ended, or null. */
    public TwimlCall find(String sid) {
        TwimlCall call = live.get(sid);
        if (call != null) {
            return call;
        }
        synchronized (recent) {
            for (TwimlCall c : recent) {
                if (c.sid().equals(sid)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Live calls, then ended ones, newest first. */
    public List<TwimlCall> list() {
        List<TwimlCall> all = new ArrayList<>(live.values());
        all.sort(Comparator.comparing(TwimlCall::startTime).reversed());
        synchronized (recent) {
            for (TwimlCall c : recent) {
                if (!all.contains(c)) { // a call moves from live to recent: never listed twice
                    all.add(c);
                }
            }
        }
        return all;
    }
}
