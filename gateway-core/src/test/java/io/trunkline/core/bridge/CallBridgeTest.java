package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.call.EndedBy;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.DtmfDigits;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
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

class CallBridgeTest {
    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media media = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final List<CallRecord> records = new ArrayList<>();

    private CallBridge bridge(AnswerPolicy policy, int maxCalls) {
        return bridge(policy, maxCalls, AgentConfig.DEFAULTS);
    }

    private CallBridge bridge(AnswerPolicy policy, int maxCalls, AgentConfig agentConfig) {
        CallConfig config = new CallConfig(maxCalls, policy, Duration.ofSeconds(5), Duration.ofHours(1), 7,
                Duration.ofSeconds(30), 1000);
        return new CallBridge(config, () -> loop, media, AgentRouter.single(agent, agentConfig), records::add);
    }

    private static AgentConfig agentWith(DisconnectPolicy policy, String fallbackUri) {
        AgentConfig d = AgentConfig.DEFAULTS;
        return new AgentConfig(d.kind(), d.url(), d.connectTimeout(), d.maxFrameBytes(), d.sampleRate(), policy,
                Duration.ofSeconds(3), d.stallTimeout(), fallbackUri, Map.of(), d.options());
    }

    private static InboundInvite invite() {
        CallParties parties = new CallParties("abc@10.0.0.1", "sip:+15550001@carrier", "sip:+15550002@gw",
                "CA123", "AC456", null, null, Map.of("X-Tenant", "acme"));
        MediaOffer offer = new MediaOffer(new InetSocketAddress("127.0.0.1", 40150),
                new InetSocketAddress("127.0.0.1", 40151), AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        long now = System.nanoTime();
        return new InboundInvite(parties, offer, null, new InetSocketAddress("127.0.0.1", 5070), Instant.now(),
                now, now + 1000);
    }

    private static InboundInvite rejectedInvite(EndReason reason) {
        InboundInvite ok = invite();
        return new InboundInvite(ok.parties(), null, reason, ok.source(), ok.receivedAt(), ok.receivedNanos(), 0);
    }

    private static ByteBuffer frame(int value) {
        byte[] b = new byte[640];
        java.util.Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    @Test
    void answersOnceTheAgentIsReadyAndBridgesAudioBothWays() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        CallSignals signals = bridge.onInvite(invite(), sip);
        loop.runPending();
        assertEquals(List.of("180"), sip.events, "ringing while the agent connects, no 200 yet");
        assertEquals(List.of("connect sip:+15550002@gw"), agent.events);

        agent.ready();
        assertEquals(List.of("180", "200"), sip.events);
        assertTrue(media.started);

        media.listener.onCallerAudio(frame(1));
        agent.listener.audio(frame(2));
        media.listener.onDtmf(new DtmfDigit('5', 120));
        assertEquals(1, agent.audio.size());
        assertEquals(1, media.played.size());
        assertTrue(agent.events.contains("dtmf 5"));

        signals.onAck(System.nanoTime());
        signals.onBye(System.nanoTime());
        loop.runPending();

        assertEquals(1, records.size());
        CallRecord r = records.get(0);
        assertEquals(EndReason.CALLER_HANGUP, r.endReason());
        assertEquals(EndedBy.CALLER, r.endedBy());
        assertEquals(200, r.finalStatus());
        assertEquals("5", r.dtmfDigits());
        assertEquals("CA123", r.parties().twilioCallSid());
        assertEquals("agent-1", r.agentCallId());
        assertEquals("PCMU_8K", r.codec());
        assertEquals(7, r.inbound().packets());
        assertTrue(r.sip().answered() >= 0 && r.sip().acked() >= 0 && r.sip().byeReceived() >= 0);
        assertTrue(r.agent().connectMs() >= 0 && r.agent().firstAudioMs() >= 0);
        assertFalse(sip.events.contains("BYE"), "no BYE back to a caller who hung up");
        assertEquals("gatewayEnded", agent.events.get(agent.events.size() - 1));
        assertEquals(1, media.closed);
        assertEquals(0, bridge.activeCalls());
        assertEquals(0, loop.pendingTimers(), "agent and max-duration timers cancelled");
    }

    @Test
    void immediateAnswerBuffersCallerAudioUntilTheAgentIsReady() {
        CallBridge bridge = bridge(AnswerPolicy.IMMEDIATE, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        assertEquals(List.of("200"), sip.events);

        for (int i = 0; i < 3; i++) {
            media.listener.onCallerAudio(frame(i + 1));
        }
        assertTrue(agent.audio.isEmpty());
        agent.ready();
        assertEquals(3, agent.audio.size(), "nothing dropped");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Fakes.bytes(frame(i + 1)), agent.audio.get(i), "order kept");
        }
        assertEquals(List.of("200"), sip.events, "answered once");
    }

    @Test
    void agentTimeoutRejectsWith503AndRetryAfter() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.advanceMillis(4999);
        assertTrue(records.isEmpty());
        loop.advanceMillis(1);

        assertEquals(503, sip.rejectStatus);
        assertEquals(7, sip.retryAfter);
        assertEquals(EndReason.AGENT_CONNECT_TIMEOUT, records.get(0).endReason());
        assertTrue(agent.events.contains("close"));
        assertEquals(1, media.closed);
        assertEquals(0, bridge.activeCalls());
    }

    @Test
    void agentFailureBeforeAnswerRejectsWith503() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        agent.failSynchronously = true;
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        assertEquals(List.of("503"), sip.events);
        assertEquals(EndReason.AGENT_CONNECT_FAILED, records.get(0).endReason());
        assertEquals(1, records.size());
        assertEquals(1, media.closed);
    }

    @Test
    void agentFailureAfterImmediateAnswerEndsWithBye() {
        CallBridge bridge = bridge(AnswerPolicy.IMMEDIATE, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.UNAVAILABLE, "refused"));
        loop.runPending();
        assertEquals(List.of("200", "BYE"), sip.events);
        assertEquals(EndReason.AGENT_CONNECT_FAILED, sip.hangupReason);
    }

    @Test
    void callLimitRejectsWith503AndRecordsTheRejectedCall() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 1);
        bridge.onInvite(invite(), new Fakes.Signalling());
        Fakes.Signalling second = new Fakes.Signalling();
        bridge.onInvite(invite(), second);
        loop.runPending();
        assertEquals(503, second.rejectStatus);
        assertEquals(7, second.retryAfter);
        assertEquals(EndReason.REJECTED_CAPACITY, records.get(0).endReason());
        assertEquals(1, bridge.activeCalls());
        assertEquals(1, media.opened, "the refused call took no ports");
    }

    @Test
    void negotiationFailureIsRejectedWithItsStatusAndRecorded() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(rejectedInvite(EndReason.REJECTED_CODEC), sip);
        loop.runPending();
        assertEquals(488, sip.rejectStatus);
        assertEquals(0, sip.retryAfter);
        assertEquals(488, records.get(0).finalStatus());
        assertEquals(0, bridge.activeCalls());
    }

    @Test
    void cancelBeforeAnswerGets487() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        CallSignals signals = bridge.onInvite(invite(), sip);
        loop.runPending();
        signals.onCancel(System.nanoTime());
        loop.runPending();
        assertEquals(List.of("180", "487"), sip.events);
        assertEquals(EndReason.CALLER_CANCELLED, records.get(0).endReason());
        assertTrue(agent.events.contains("gatewayEnded"));
    }

    @Test
    void agentHangupSendsByeWithItsReasonAndTeardownHappensOnce() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        CallSignals signals = bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        agent.listener.hangup("assistant ended the call");
        signals.onBye(System.nanoTime()); // racing BYE from the caller
        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.CONNECTION_LOST, "closed"));
        loop.runPending();
        assertEquals(List.of("180", "200", "BYE"), sip.events);
        assertEquals(EndReason.AGENT_HANGUP, sip.hangupReason);
        assertEquals(1, records.size());
        assertEquals(EndedBy.AGENT, records.get(0).endedBy());
        assertEquals(1, media.closed);
    }

    @Test
    void exhaustedPortsReject503() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        media.exhausted = true;
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        assertEquals(503, sip.rejectStatus);
        assertEquals(EndReason.REJECTED_PORTS, records.get(0).endReason());
        assertEquals(0, bridge.activeCalls(), "the admission slot is given back");
    }

    @Test
    void drainRefusesNewCallsAndEndAllHangsUpActiveOnes() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling first = new Fakes.Signalling();
        bridge.onInvite(invite(), first);
        loop.runPending();
        agent.ready();

        bridge.startDraining();
        assertFalse(bridge.acceptingCalls());
        Fakes.Signalling late = new Fakes.Signalling();
        bridge.onInvite(invite(), late);
        loop.runPending();
        assertEquals(503, late.rejectStatus);

        bridge.endAll(EndReason.SHUTDOWN);
        loop.runPending();
        assertEquals(EndReason.SHUTDOWN, first.hangupReason);
        assertEquals(2, records.size());
        assertEquals(0, bridge.activeCalls());
    }

    @Test
    void bargeInClearsPlayoutAndMarksAreEchoedOncePlayed() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        CallSignals signals = bridge.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        agent.ready();
        agent.listener.audio(frame(3));
        agent.listener.mark("m1");
        assertFalse(agent.events.contains("mark m1"), "not before the audio is played");
        agent.listener.clear();
        assertEquals(1, media.clears);
        assertTrue(agent.events.contains("mark m1"), "a clear releases the mark at once");
        signals.onBye(System.nanoTime());
        loop.runPending();
        assertEquals(1, records.get(0).bargeIns());
    }

    @Test
    void reInviteUpdatesTheMediaLeg() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        CallSignals signals = bridge.onInvite(invite(), new Fakes.Signalling());
        loop.runPending();
        agent.ready();
        MediaOffer hold = invite().media().withDirection(MediaDirection.SENDONLY);
        signals.onMediaUpdate(hold);
        loop.runPending();
        assertEquals(MediaDirection.SENDONLY, media.lastUpdate.direction());
    }

    @Test
    void inactivityAndMaxDurationEndTheCallWithBye() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        loop.advanceMillis(Duration.ofHours(1).toMillis());
        assertEquals(EndReason.MAX_DURATION, sip.hangupReason);

        Fakes.Signalling second = new Fakes.Signalling();
        bridge.onInvite(invite(), second);
        loop.runPending();
        agent.ready();
        media.listener.onInactivity();
        loop.runPending();
        assertEquals(EndReason.RTP_INACTIVITY, second.hangupReason);
        assertEquals(2, records.size());
    }

    @Test
    void agentFailureBeforeAnswerRedirectsToTheFallbackWhenConfigured() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10,
                agentWith(DisconnectPolicy.HANGUP, "sip:voicemail@pbx.example.com"));
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.listener.failed(new AgentFailure(AgentFailure.Kind.RATE_LIMITED, "429", 30));
        loop.runPending();
        assertEquals(List.of("180", "302 sip:voicemail@pbx.example.com"), sip.events);
        assertEquals(302, records.get(0).finalStatus());
        assertEquals(EndReason.AGENT_CONNECT_FAILED, records.get(0).endReason());
    }

    @Test
    void theAgentsRetryAfterHintWinsOnA503() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.listener.failed(new AgentFailure(AgentFailure.Kind.RATE_LIMITED, "429", 30));
        loop.runPending();
        assertEquals(503, sip.rejectStatus);
        assertEquals(30, sip.retryAfter);
    }

    @Test
    void aLostAgentIsReconnectedOnceWithTheCallersAudioKept() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10, agentWith(DisconnectPolicy.RECONNECT, null));
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.CONNECTION_LOST, "reset"));
        loop.runPending();
        assertEquals(2, agent.connects);
        assertFalse(sip.events.contains("BYE"));
        media.listener.onCallerAudio(frame(9));
        assertTrue(agent.audio.isEmpty(), "kept until the agent is back");
        agent.ready();
        assertEquals(1, agent.audio.size());

        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.CONNECTION_LOST, "reset again"));
        loop.runPending();
        assertEquals(2, agent.connects, "only one reconnect per call");
        assertEquals(EndReason.AGENT_DISCONNECTED, sip.hangupReason);
    }

    @Test
    void aReconnectThatMissesItsDeadlineEndsTheCall() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10, agentWith(DisconnectPolicy.RECONNECT, null));
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        agent.listener.failed(AgentFailure.of(AgentFailure.Kind.CONNECTION_LOST, "reset"));
        loop.advanceMillis(2999);
        assertTrue(records.isEmpty());
        loop.advanceMillis(1);
        assertEquals(EndReason.AGENT_DISCONNECTED, sip.hangupReason);
        assertEquals(1, records.size());
    }

    @Test
    void hangupThroughTheApiSendsByeToAnAnsweredCallAndSaysWhoEndedIt() throws Exception {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        String id = bridge.activeCallList().get(0).callId();

        bridge.hangup(id);
        loop.runPending();

        assertEquals(List.of("180", "200", "BYE"), sip.events);
        assertEquals(EndReason.OPERATOR_HANGUP, sip.hangupReason);
        CallRecord r = records.get(0);
        assertEquals(EndReason.OPERATOR_HANGUP, r.endReason());
        assertEquals(EndedBy.OPERATOR, r.endedBy());
        assertEquals(CallOutcome.ANSWERED, r.outcome());
        assertTrue(agent.events.contains("gatewayEnded"), "the agent is told the gateway ended the call");
        assertEquals(1, media.closed);
        assertEquals(0, bridge.activeCalls());
        CallControlException gone = assertThrows(CallControlException.class, () -> bridge.hangup(id));
        assertEquals(CallControlException.Kind.NOT_FOUND, gone.kind());
    }

    @Test
    void hangupOfARingingCallAnswersTheInviteWith480() throws Exception {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        String id = bridge.activeCallList().get(0).callId();

        bridge.hangup(id);
        bridge.hangup(id); // a second request while the first is under way changes nothing
        loop.runPending();

        assertEquals(List.of("180", "480"), sip.events);
        CallRecord r = records.get(0);
        assertEquals(1, records.size());
        assertEquals(480, r.finalStatus());
        assertEquals(EndedBy.OPERATOR, r.endedBy());
        assertEquals(CallOutcome.CANCELLED, r.outcome());
        assertTrue(agent.events.contains("gatewayEnded"));
        assertEquals(0, loop.pendingTimers(), "the agent-ready timer is cancelled");
    }

    @Test
    void hangupOfAnUnknownCallIsNotFound() {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        CallControlException e = assertThrows(CallControlException.class, () -> bridge.hangup("nope"));
        assertEquals(CallControlException.Kind.NOT_FOUND, e.kind());
        assertEquals(404, e.kind().httpStatus());
    }

    @Test
    void dtmfGoesToTheMediaLegOfAnAnsweredCallOnly() throws Exception {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        Fakes.Signalling sip = new Fakes.Signalling();
        CallSignals signals = bridge.onInvite(invite(), sip);
        loop.runPending();
        String id = bridge.activeCallList().get(0).callId();

        CallControlException ringing = assertThrows(CallControlException.class, () -> bridge.sendDtmf(id, "1"));
        assertEquals(CallControlException.Kind.CONFLICT, ringing.kind());

        agent.ready();
        bridge.sendDtmf(id, "12#a");
        loop.runPending();
        assertEquals(List.of("12#A"), media.dtmfSent);

        for (String bad : new String[] {"", "12x", "F", "1".repeat(DtmfDigits.MAX_DIGITS + 1)}) {
            CallControlException e = assertThrows(CallControlException.class, () -> bridge.sendDtmf(id, bad), bad);
            assertEquals(CallControlException.Kind.INVALID, e.kind(), bad);
        }
        assertThrows(CallControlException.class, () -> bridge.sendDtmf("nope", "1"));
        assertEquals(List.of("12#A"), media.dtmfSent, "nothing refused reached the leg");
        signals.onBye(System.nanoTime());
        loop.runPending();
        assertEquals("", records.get(0).dtmfDigits(), "digits sent are not digits received");
    }

    @Test
    void dtmfToACallerWhoOfferedNoTelephoneEventIsAConflict() throws Exception {
        CallBridge bridge = bridge(AnswerPolicy.ON_AGENT_READY, 10);
        InboundInvite ok = invite();
        MediaOffer o = ok.media();
        MediaOffer noEvents = new MediaOffer(o.remoteRtp(), o.remoteRtcp(), o.codec(), o.payloadType(), -1,
                o.ptimeMillis(), o.direction());
        bridge.onInvite(new InboundInvite(ok.parties(), noEvents, null, ok.source(), ok.receivedAt(),
                ok.receivedNanos(), ok.tryingNanos()), new Fakes.Signalling());
        loop.runPending();
        agent.ready();
        String id = bridge.activeCallList().get(0).callId();

        CallControlException e = assertThrows(CallControlException.class, () -> bridge.sendDtmf(id, "1"));
        assertEquals(CallControlException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("telephone-event"), e.getMessage());
        assertTrue(media.dtmfSent.isEmpty());
    }
}
