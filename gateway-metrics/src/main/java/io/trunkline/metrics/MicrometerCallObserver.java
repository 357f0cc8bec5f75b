package io.trunkline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.bridge.CallObserver;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.AgentTimings;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.SipTimings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Call-level metrics from the bridge. Most come from the finished {@link CallRecord} (one update per call); turn
 * latencies, barge-ins, agent errors and media drops are counted as they happen. The SIP figures are those the bridge knows:
 * INVITE to 100 and to 200, 200 to ACK, and the responses it had the adapter send to the INVITE (100, 180 and the
 * final one); responses to other requests (BYE, CANCEL, OPTIONS) are the SIP adapter's and not counted here.
 */
public final class MicrometerCallObserver implements CallObserver {

    private final GatewayMeters meters;
    private final Map<String, Timer> turnTimers = new ConcurrentHashMap<>();
    /**
     * Meters updated at the end of every call, by kind and tags: a registry lookup builds the meter's id and, for
     * a timer, its histogram configuration each time, which costs more than the update itself.
     */
    private final Map<Key, Object> ended = new ConcurrentHashMap<>();
    private final Counter[] dropped;

    /** One meter of {@link #ended}: its kind and its tags (bounded sets). */
    private record Key(String kind, Object a, Object b) {
    }

    public MicrometerCallObserver(GatewayMeters meters) {
        this.meters = meters;
        DropReason[] reasons = DropReason.values();
        this.dropped = new Counter[reasons.length];
        for (DropReason reason : reasons) {
            dropped[reason.ordinal()] = meters.mediaDropped(reason);
        }
    }

    /** Every drop of every call, once (the call's own tally passes each on): {@code gateway.media.dropped}. */
    @Override
    public void dropped(DropReason reason, long count) {
        dropped[reason.ordinal()].increment(count);
    }

    @Override
    public void callRejected(EndReason reason) {
        meters.callsRejected(reason).increment();
    }

    @Override
    public void turnLatency(String agentKind, long nanos) {
        String agent = agent(agentKind);
        Timer timer = turnTimers.get(agent);
        if (timer == null) {
            timer = turnTimers.computeIfAbsent(agent, meters::agentTurnLatency);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bargeIn(String agentKind) {
        meters.agentBargeIns(agent(agentKind)).increment();
    }

    @Override
    public void agentError(String agentKind, AgentFailure.Kind kind) {
        meters.agentErrors(agent(agentKind), kind).increment();
    }

    @Override
    public void callEnded(CallRecord record) {
        String agent = agent(record.agentKind());
        Counter calls = meter(new Key("calls", record.outcome(), agent), k -> meters.calls(record.outcome(), agent));
        calls.increment();
        String verdict = record.attribution().verdict();
        this.<Counter>meter(new Key("verdict", verdict, null), k -> meters.callVerdicts(verdict)).increment();
        if (record.answeredAt() != null) {
            this.<Timer>meter(new Key("duration", agent, null), k -> meters.callDuration(agent))
                    .record(record.durationMs(), TimeUnit.MILLISECONDS);
        }
        if (record.quality().mos() >= 1) {
            this.<DistributionSummary>meter(new Key("mos", agent, null), k -> meters.callMos(agent))
                    .record(record.quality().mos());
        }
        sip(record.sip(), record.finalStatus());
        agentTimings(agent, record.agent());
    }

    private void sip(SipTimings sip, int finalStatus) {
        if (sip.trying() >= 0) {
            record(meter(new Key("trying", null, null), k -> meters.sipInviteTrying()), sip.trying());
            sipResponses(1);
        }
        if (sip.ringing() >= 0) {
            sipResponses(1);
        }
        if (sip.answered() >= 0) {
            record(meter(new Key("answer", null, null), k -> meters.sipInviteAnswer()), sip.answered());
            if (sip.acked() >= 0) {
                record(meter(new Key("ack", null, null), k -> meters.sipAnswerAck()), sip.acked() - sip.answered());
            }
        }
        if (finalStatus >= 100 && finalStatus < 700) {
            sipResponses(finalStatus / 100);
        }
    }

    private void sipResponses(int statusClass) {
        this.<Counter>meter(new Key("responses", statusClass, null), k -> meters.sipResponses(statusClass + "xx"))
                .increment();
    }

    private void agentTimings(String agent, AgentTimings timings) {
        if (timings.connectMs() >= 0) {
            record(agentConnect(agent, "total"), timings.connectMs());
        }
        if (timings.connectRestMs() >= 0) {
            record(agentConnect(agent, "rest"), timings.connectRestMs());
        }
        if (timings.connectWebSocketMs() >= 0) {
            record(agentConnect(agent, "websocket"), timings.connectWebSocketMs());
        }
        if (timings.firstSpeechMs() >= 0) {
            record(meter(new Key("firstSpeech", agent, null), k -> meters.agentFirstSpeech(agent)),
                    timings.firstSpeechMs());
        }
    }

    private Timer agentConnect(String agent, String phase) {
        return meter(new Key("connect", agent, phase), k -> meters.agentConnect(agent, phase));
    }

    @SuppressWarnings("unchecked")
    private <M> M meter(Key key, Function<Key, M> register) {
        Object m = ended.get(key);
        if (m == null) {
            m = ended.computeIfAbsent(key, register);
        }
        return (M) m;
    }

    private static void record(Timer timer, double millis) {
        timer.record(Math.max(0, Math.round(millis * 1e6)), TimeUnit.NANOSECONDS);
    }

    private static String agent(String kind) {
        return kind == null ? "unknown" : kind;
    }
}
