package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.TransferTrigger;
import io.trunkline.core.loop.LoopLagSource;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.testing.ManualCallLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blind transfer by REFER as the call sees it: who may ask and when, what goes to the carrier, what the agent hears
 * meanwhile, and how each answer of the carrier ends (the gateway leaves, or the caller stays with the agent).
 */
class CallTransferTest {
    private static final TransferConfig TRANSFERS = new TransferConfig(TransferMode.REFER,
            "sip:{number}@trunk.pstn.twilio.com", "sip:gateway@example.com", Duration.ofSeconds(30), false);

    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media media = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final Fakes.Signalling sip = new Fakes.Signalling();
    private final List<CallRecord> records = new ArrayList<>();
    private final List<String> transfers = new ArrayList<>();
    private CallBridge bridge;
    private CallSignals signals;

    private void answeredCall(TransferConfig transferConfig) {
        bridge = bridge(loop, media, agent, records, transfers, transferConfig);
        signals = bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        assertEquals(List.of("180", "200"), sip.events);
    }

    /**
     * A bridge of one call at a time on {@code loop}, answering when the agent is ready, whose records go to
     * {@code records} and whose transfer outcomes to {@code transfers} as "mode outcome".
     */
    static CallBridge bridge(ManualCallLoop loop, io.trunkline.core.media.MediaLegFactory media, Fakes.Agent agent,
            List<CallRecord> records, List<String> transfers, TransferConfig transferConfig) {
        CallConfig config = new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
                Duration.ofHours(1), 7, Duration.ofSeconds(30), 1000);
        CallObserver observer = new CallObserver() {
            @Override
            public void transferEnded(String mode, String outcome) {
                transfers.add(mode + " " + outcome);
            }
        };
        return new CallBridge(config, () -> loop, media, AgentRouter.single(agent, AgentConfig.DEFAULTS),
                records::add, observer, AttributionThresholds.DEFAULTS, LoopLagSource.NONE, transferConfig);
    }

    private String callId() {
        return bridge.activeCallList().get(0).callId();
    }

    static InboundInvite invite() {
        CallParties parties = new CallParties("abc@10.0.0.1", "sip:+15550001@carrier", "sip:+15550002@gw",
                "CA123", "AC456", null, null, Map.of());
        MediaOffer offer = new MediaOffer(new InetSocketAddress("127.0.0.1", 40150),
                new InetSocketAddress("127.0.0.1", 40151), AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        long now = System.nanoTime();
        return new InboundInvite(parties, offer, null, new InetSocketAddress("127.0.0.1", 5070), Instant.now(),
                now, now + 1000);
    }

    private static ByteBuffer frame() {
        return ByteBuffer.wrap(new byte[640]);
    }

    private String lastSip() {
        return sip.events.get(sip.events.size() - 1);
    }

    @Test
    void aCompletedTransferEndsTheCallWithByeAndRecordsIt() throws Exception {
        answeredCall(TRANSFERS);
        bridge.transfer(callId(), new TransferRequest("+15550009999", "billing"), null, TransferTrigger.API);
        loop.runPending();
        assertEquals("REFER sip:+15550009999@trunk.pstn.twilio.com by sip:gateway@example.com", lastSip());

        media.listener.onCallerAudio(frame());
        assertEquals(1, agent.audio.size(), "the agent hears the caller until the carrier accepts");
        signals.onTransferAccepted();
        loop.runPending();
        media.listener.onCallerAudio(frame());
        assertEquals(1, agent.audio.size(), "not after the 202");

        signals.onTransferProgress(100, "Trying", false);
        loop.runPending();
        assertTrue(records.isEmpty(), "a provisional sipfrag changes nothing");
        signals.onTransferProgress(200, "OK", true);
        loop.runPending();

        assertEquals("BYE", lastSip());
        assertEquals(EndReason.TRANSFERRED, sip.hangupReason);
        assertEquals("gatewayEnded", agent.events.get(agent.events.size() - 1), "the agent leg is closed");
        assertEquals(1, records.size());
        CallRecord r = records.get(0);
        assertEquals(CallOutcome.TRANSFERRED, r.outcome());
        TransferSummary t = r.transfer();
        assertEquals("api", t.trigger());
        assertEquals("+15550009999", t.destination());
        assertEquals("sip:+15550009999@trunk.pstn.twilio.com", t.referTo());
        assertEquals("refer", t.mode());
        assertEquals("transferred", t.outcome());
        assertEquals(200, t.status());
        assertNotNull(t.acceptedMs());
        assertTrue(t.completedMs() >= t.acceptedMs());
        assertEquals(List.of("refer transferred"), transfers);
        assertEquals(0, loop.pendingTimers(), "the NOTIFY deadline is cancelled");
    }

    @Test
    void aRefusedReferLeavesTheCallerWithTheAgentWhoIsTold() {
        answeredCall(TRANSFERS);
        agent.listener.transferRequested(new TransferRequest("sip:desk@pbx.example.com", ""));
        assertEquals("REFER sip:desk@pbx.example.com by sip:gateway@example.com", lastSip(),
                "a SIP destination goes as given");
        signals.onTransferRefused(403, "Forbidden");
        loop.runPending();

        assertTrue(agent.events.contains("transferFailed sip:desk@pbx.example.com: 403 Forbidden"),
                agent.events.toString());
        media.listener.onCallerAudio(frame());
        assertEquals(1, agent.audio.size(), "the caller is heard again");
        assertTrue(records.isEmpty(), "the call goes on");
        assertEquals(List.of("refer refused"), transfers);

        agent.listener.transferRequested(new TransferRequest("+15550009999", ""));
        assertEquals("REFER sip:+15550009999@trunk.pstn.twilio.com by sip:gateway@example.com", lastSip(),
                "another transfer may follow a failed one");
        signals.onBye(System.nanoTime());
        loop.runPending();
        TransferSummary t = records.get(0).transfer();
        assertEquals("agent", t.trigger());
        assertEquals("abandoned", t.outcome());
        assertEquals(2, t.attempts());
        assertEquals(CallOutcome.ANSWERED, records.get(0).outcome());
    }

    @Test
    void aFailureSipfragAfterTheAcceptanceGivesTheCallerBackToTheAgent() {
        answeredCall(TRANSFERS);
        agent.listener.transferRequested(new TransferRequest("+15550009999", ""));
        signals.onTransferAccepted();
        signals.onTransferProgress(100, "Trying", false);
        signals.onTransferProgress(503, "Service Unavailable", true);
        loop.runPending();

        assertTrue(agent.events.contains("transferFailed +15550009999: 503 Service Unavailable"),
                agent.events.toString());
        media.listener.onCallerAudio(frame());
        assertEquals(1, agent.audio.size());
        assertEquals(List.of("refer failed"), transfers);
        assertTrue(records.isEmpty());
    }

    @Test
    void noFinalNotifyWithinTheDeadlineFailsTheTransfer() {
        answeredCall(TRANSFERS);
        agent.listener.transferRequested(new TransferRequest("+15550009999", ""));
        signals.onTransferAccepted();
        loop.runPending();
        loop.advanceMillis(29_000);
        assertTrue(transfers.isEmpty());
        loop.advanceMillis(1_500);
        assertEquals(List.of("refer timeout"), transfers);
        assertTrue(agent.events.stream().anyMatch(e -> e.startsWith("transferFailed +15550009999: no final NOTIFY")),
                agent.events.toString());
        signals.onTransferProgress(200, "OK", true);
        loop.runPending();
        assertTrue(records.isEmpty(), "a late success does not end a call that went back to the agent");
    }

    @Test
    void refusalsOfTheCallControlPort() throws Exception {
        answeredCall(TRANSFERS);
        CallControlException e = assertThrows(CallControlException.class,
                () -> bridge.transfer("no-such-call", new TransferRequest("+15550009999", ""), null));
        assertEquals(CallControlException.Kind.NOT_FOUND, e.kind());
        e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("5550009999", ""), null));
        assertEquals(CallControlException.Kind.INVALID, e.kind());
        e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("sip:a@b>;x", ""), null));
        assertEquals(CallControlException.Kind.INVALID, e.kind());
        e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("+15550009999", ""), TransferMode.BRIDGE));
        assertEquals(CallControlException.Kind.UNAVAILABLE, e.kind());
        assertEquals("bridged transfer needs outbound calls (outbound.trunk)", e.getMessage());

        bridge.transfer(callId(), new TransferRequest("+15550009999", ""), TransferMode.REFER);
        e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("+15550008888", ""), null));
        assertEquals(CallControlException.Kind.CONFLICT, e.kind());
        loop.runPending();
        assertEquals(1, sip.events.stream().filter(s -> s.startsWith("REFER")).count());
    }

    @Test
    void anUnansweredCallCannotBeTransferred() {
        CallConfig config = new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
                Duration.ofHours(1), 7, Duration.ofSeconds(30), 1000);
        bridge = new CallBridge(config, () -> loop, media, AgentRouter.single(agent, AgentConfig.DEFAULTS),
                records::add, CallObserver.NONE, AttributionThresholds.DEFAULTS, LoopLagSource.NONE, TRANSFERS);
        bridge.onInvite(invite(), sip);
        loop.runPending();
        CallControlException e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("+15550009999", ""), null));
        assertEquals(CallControlException.Kind.CONFLICT, e.kind());
    }

    @Test
    void aBridgeModeAskedForByTheAgentWithoutATrunkIsRecordedAsFailed() {
        answeredCall(new TransferConfig(TransferMode.BRIDGE, "tel:{number}", null, Duration.ofSeconds(30), false));
        agent.listener.transferRequested(new TransferRequest("+15550009999", ""));
        assertTrue(sip.events.stream().noneMatch(s -> s.startsWith("REFER")));
        assertTrue(agent.events.contains("transferFailed +15550009999: bridged transfer needs outbound calls (outbound.trunk)"),
                agent.events.toString());
        assertEquals(List.of("bridge failed"), transfers);
    }

    @Test
    void theAgentCallIdFindsTheCall() throws Exception {
        answeredCall(TRANSFERS);
        assertEquals(callId(), bridge.callIdForAgentCall("agent-1").orElseThrow());
        assertTrue(bridge.callIdForAgentCall("other").isEmpty());
        bridge.hangupForAgent(callId(), "Vapi asked");
        loop.runPending();
        assertEquals(EndReason.AGENT_HANGUP, records.get(0).endReason());
        assertNull(records.get(0).transfer());
        assertEquals("BYE", lastSip());
    }
}
