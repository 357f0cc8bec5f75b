package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.observe.ActiveCall;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.FarEndStats;
import io.trunkline.core.record.GatewayTimings;
import io.trunkline.core.record.LatencySummary;
import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.core.record.TimelineEvent;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.testing.ManualCallLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the bridge tells the observer and writes in each record, for every way a call can go. */
class CallObservationTest {
    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media media = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final List<CallRecord> records = new ArrayList<>();
    private final Recorder observer = new Recorder();

    /** Everything the observer was told, in order. */
    static final class Recorder implements CallObserver {
        final List<String> events = new ArrayList<>();
        final List<CallRecord> ended = new ArrayList<>();
        final List<Long> turns = new ArrayList<>();

        @Override
        public void callRejected(EndReason reason) {
            events.add("rejected " + reason);
        }

        @Override
        public void turnLatency(String agentKind, long nanos) {
            turns.add(nanos);
        }

        @Override
        public void bargeIn(String agentKind) {
            events.add("barge-in " + agentKind);
        }

        @Override
        public void agentError(String agentKind, AgentFailure.Kind kind) {
            events.add("agent-error " + agentKind + " " + kind);
        }

        @Override
        public void callEnded(CallRecord record) {
            ended.add(record);
        }
    }

    private CallBridge bridge(int maxCalls, AgentConfig agentConfig) {
        CallConfig config = new CallConfig(maxCalls, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
                Duration.ofHours(1), 7, Duration.ofSeconds(30), 1000);
        return new CallBridge(config, () -> loop, media, AgentRouter.single(agent, agentConfig), records::add,
                observer, AttributionThresholds.DEFAULTS);
    }

    private static InboundInvite invite() {
        CallParties parties = new CallParties("abc@10.0.0.1", "sip:+15550001@carrier", "sip:+15550002@gw",
                "CA123", "AC456", null, null, Map.of());
        MediaOffer offer = new MediaOffer(new InetSocketAddress("127.0.0.1", 40150),
                new InetSocketAddress("127.0.0.1", 40151), AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        long now = System.nanoTime();
        return new InboundInvite(parties, offer, null, new InetSocketAddress("127.0.0.1", 5070), Instant.now(),
                now, now + 1000);
    }

    private static ByteBuffer tone(int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * 640).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames * 320; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0)));
        }
        return b.flip();
    }

    @Test
    void everyOutcomeIsRecordedAndObserved() {
        AgentConfig withFallback = new AgentConfig("demo", null, Duration.ofSeconds(5), 1 << 20, 16000,
                DisconnectPolicy.HANGUP, Duration.ofSeconds(3), Duration.ofSeconds(2), "sip:vm@pbx.example.com",
                Map.of(), AgentConfig.DEFAULTS.options());
        CallBridge bridge = bridge(2, AgentConfig.DEFAULTS);

        // answered, then the caller hangs up
        CallSignals answered = bridge.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        agent.ready();
        answered.onBye(System.nanoTime());
        loop.runPending();
        // cancelled before the answer
        CallSignals cancelled = bridge.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        cancelled.onCancel(System.nanoTime());
        loop.runPending();
        // failed: the agent never becomes ready
        bridge.onInvite(invite(), new Fakes.Signalling());
        loop.advanceMillis(5000);
        // rejected: capacity (two calls held open) and codec
        bridge.onInvite(invite(), new Fakes.Signalling());
        bridge.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        bridge.onInvite(invite(), new Fakes.Signalling());
        InboundInvite ok = invite();
        bridge.onInvite(new InboundInvite(ok.parties(), null, EndReason.REJECTED_CODEC, ok.source(), ok.receivedAt(),
                ok.receivedNanos(), 0), new Fakes.Signalling());
        loop.runPending();
        bridge.endAll(EndReason.SHUTDOWN);
        loop.runPending();
        // redirected to the fallback when the agent fails
        CallBridge redirecting = bridge(2, withFallback);
        redirecting.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.UNAUTHORIZED, "401"));
        loop.runPending();

        List<CallOutcome> outcomes = records.stream().map(CallRecord::outcome).toList();
        assertEquals(List.of(CallOutcome.ANSWERED, CallOutcome.CANCELLED, CallOutcome.FAILED, CallOutcome.REJECTED,
                CallOutcome.REJECTED, CallOutcome.FAILED, CallOutcome.FAILED, CallOutcome.REDIRECTED), outcomes);
        assertEquals(records, observer.ended, "the observer sees every record, in order");
        for (CallRecord r : records) {
            assertNotNull(r.attribution(), r.callId());
            assertNotNull(r.quality(), r.callId());
            assertEquals("none", r.attribution().verdict(), r.callId());
        }
        assertEquals(List.of("rejected REJECTED_CAPACITY", "rejected REJECTED_CODEC",
                "agent-error fake UNAUTHORIZED"), observer.events);
    }

    @Test
    void turnsFirstSpeechBargeInsAndMediaFiguresReachTheRecord() {
        agent.restNanos = OptionalLong.of(300_000_000L);
        agent.webSocketNanos = OptionalLong.of(120_000_000L);
        media.stats = new MediaStats(new RtpStreamStats(150, 24_000, 1, 0.0066, 35, 60, 1, 0, 0),
                RtpStreamStats.sent(160, 25_600),
                new GatewayTimings(new LatencySummary(150, 0.3, 1.2, 2), new LatencySummary(160, 0.2, 0.9, 1),
                        new LatencySummary(90, 12, 40, 45), new LatencySummary(160, 0.4, 3, 4)),
                new FarEndStats(1, 2, 0.0125, 0.0125, 8, 8, 60, 60));
        CallBridge bridge = bridge(5, AgentConfig.DEFAULTS);
        CallSignals signals = bridge.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        List<ActiveCall> active = bridge.activeCallList();
        assertEquals(1, active.size());
        assertEquals("CONNECTING_AGENT", active.get(0).state());
        assertEquals("CA123", active.get(0).twilioCallSid());
        agent.ready();
        assertEquals("ANSWERED", bridge.activeCallList().get(0).state());
        assertNotNull(bridge.activeCallList().get(0).answeredAt());

        agent.listener.audio(tone(10));       // the greeting, played out: first speech
        media.sendAgentSpeech(10, System.nanoTime());
        for (int i = 0; i < 10; i++) {
            media.listener.onCallerAudio(tone(1));    // the caller talks over it
        }
        agent.listener.clear();                     // barge-in
        agent.listener.audio(tone(5));         // the answer, played out 300 ms later: one turn
        media.sendAgentSpeech(5, System.nanoTime() + 300_000_000L);
        agent.listener.transferRequested(new TransferRequest("+15550009999", "caller asked for a human"));
        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.PROTOCOL, "bad json"));
        loop.runPending();
        signals.onBye(System.nanoTime());
        loop.runPending();

        CallRecord r = records.get(0);
        assertEquals(EndReason.AGENT_PROTOCOL_ERROR, r.endReason());
        assertEquals(CallOutcome.ANSWERED, r.outcome());
        assertTrue(r.agent().firstSpeechMs() >= 0, r.agent().toString());
        assertEquals(300.0, r.agent().connectRestMs(), 1e-9);
        assertEquals(120.0, r.agent().connectWebSocketMs(), 1e-9);
        assertEquals(1, r.agent().errors());
        assertEquals(1, r.turns().count());
        assertEquals(1, observer.turns.size());
        assertEquals(1, r.bargeIns());
        assertEquals(List.of("barge-in fake", "agent-error fake PROTOCOL"), observer.events);
        assertEquals(1.2, r.gateway().inbound().p99Ms());
        assertEquals(60.0, r.farEnd().rttMs());
        // 35 ms mean jitter is beyond the 30 ms carrier limit, the only figure that is.
        assertEquals("carrier", r.attribution().verdict());
        assertEquals(List.of("carrier.jitterMeanMs"), r.attribution().exceeded());
        assertEquals(Map.of("carrier.jitterMeanMs", 30.0), r.attribution().limits());
        assertTrue(r.quality().mos() > 1 && r.quality().mos() < 4.5, r.quality().toString());
        assertEquals(0, bridge.activeCallList().size());

        // The timeline: the agent connection, the caller talking over the greeting, the turn (from when the caller
        // stopped, before the agent's barge-in), the barge-in, the transfer request. (Here all within microseconds: the caller's speech
        // is dated from the start of its first voiced frame, 20 ms before that frame arrived.)
        List<String> kinds = r.timeline().events().stream().map(TimelineEvent::kind).toList();
        assertEquals(Set.of(TimelineEvent.AGENT_CONNECT, TimelineEvent.CALLER_SPEECH, TimelineEvent.TURN,
                TimelineEvent.BARGE_IN, TimelineEvent.TRANSFER), Set.copyOf(kinds));
        assertEquals(5, kinds.size(), kinds.toString());
        assertTrue(kinds.indexOf(TimelineEvent.TURN) < kinds.indexOf(TimelineEvent.BARGE_IN), kinds.toString());
        assertEquals(TimelineEvent.TRANSFER, kinds.get(4), "the transfer request came last");
        assertEquals("+15550009999", r.timeline().events().get(4).detail());
        List<Double> times = r.timeline().events().stream().map(TimelineEvent::atMs).toList();
        assertEquals(times.stream().sorted().toList(), times, "in time order");
        TimelineEvent turn = r.timeline().events().get(kinds.indexOf(TimelineEvent.TURN));
        assertEquals(r.turns().p50Ms(), turn.durationMs(), 1e-6, "the turn's latency");
        assertTrue(r.timeline().events().get(kinds.indexOf(TimelineEvent.AGENT_CONNECT)).durationMs() >= 0,
                "connect lasted until ready");
        // One sample of the media, taken as the call ended.
        assertEquals(List.of(150L), r.timeline().media().inboundPackets());
        assertEquals(35.0, r.timeline().media().inboundJitterMs().get(0), 1e-9);
        assertEquals("/calls/" + r.callId(), r.url());
    }
}
