package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.CallDirection;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.control.OutboundRequest;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TrunkResponse;
import io.trunkline.core.signalling.OutboundDialer;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.signalling.OutboundInvite;
import io.trunkline.core.signalling.OutboundLeg;
import io.trunkline.core.testing.ManualCallLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The call bridge's outbound path against a fake trunk: checks, pacing, the trunk's answers, the record. */
class OutboundBridgeTest {
    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media media = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final List<CallRecord> records = new ArrayList<>();
    private final Trunk trunk = new Trunk();

    /** A trunk that records what was dialled and hung up. */
    static final class Trunk implements OutboundDialer {
        final List<OutboundInvite> invites = new ArrayList<>();
        final List<OutboundEvents> events = new ArrayList<>();
        final List<String> hangups = new ArrayList<>();

        @Override
        public OutboundLeg dial(OutboundInvite invite, OutboundEvents sink) {
            invites.add(invite);
            events.add(sink);
            String sipCallId = "uac-" + invites.size();
            return new OutboundLeg() {
                @Override
                public String sipCallId() {
                    return sipCallId;
                }

                @Override
                public void hangup(EndReason reason) {
                    hangups.add(sipCallId + " " + reason);
                }
            };
        }
    }

    private CallBridge bridge(int perSecond, int queue, List<String> prefixes) {
        CallConfig config = new CallConfig(100, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
                Duration.ofHours(1), 7, Duration.ofSeconds(30), 1000);
        CallBridge bridge = new CallBridge(config, () -> loop, media, AgentRouter.single(agent, AgentConfig.DEFAULTS),
                records::add);
        bridge.enableOutbound(new OutboundConfig("sip:trunk.example", "U", "P", "+15550009999", perSecond, queue,
                prefixes, Duration.ofSeconds(30), "udp"), trunk, loop::nanoTime);
        return bridge;
    }

    private static OutboundRequest to(String number) {
        return new OutboundRequest(number, null, null, Map.of("campaign", "reminders"));
    }

    private static MediaOffer answer() {
        return new MediaOffer(new InetSocketAddress("127.0.0.1", 40150), new InetSocketAddress("127.0.0.1", 40151),
                AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
    }

    @Test
    void placingWithoutATrunkIsUnavailable() {
        CallBridge bridge = new CallBridge(CallConfig.DEFAULTS, () -> loop, media,
                AgentRouter.single(agent, AgentConfig.DEFAULTS), records::add);
        CallControlException e = assertThrows(CallControlException.class, () -> bridge.place(to("+15550001111")));
        assertEquals(CallControlException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void badNumbersAndForbiddenPrefixesAreRefusedBeforeAnythingIsDialled() {
        CallBridge bridge = bridge(1, 5, List.of("+1"));
        assertEquals(CallControlException.Kind.INVALID,
                assertThrows(CallControlException.class, () -> bridge.place(to("15550001111"))).kind());
        assertEquals(CallControlException.Kind.FORBIDDEN,
                assertThrows(CallControlException.class, () -> bridge.place(to("+445550001111"))).kind());
        CallBridge closed = bridge(1, 5, List.of());
        CallControlException none = assertThrows(CallControlException.class, () -> closed.place(to("+15550001111")));
        assertEquals(CallControlException.Kind.FORBIDDEN, none.kind());
        assertTrue(none.getMessage().contains("allowed-prefixes"), none.getMessage());
        loop.runPending();
        assertEquals(0, trunk.invites.size());
        assertEquals(0, records.size(), "refused requests are not calls");
    }

    @Test
    void aBusyCalleeIsRecordedAsBusyWithTheTrunksResponses() throws Exception {
        CallBridge bridge = bridge(1, 5, List.of("+1"));
        String id = bridge.place(to("+1 (555) 000-1111"));
        loop.runPending();
        assertEquals(1, trunk.invites.size());
        OutboundInvite invite = trunk.invites.get(0);
        assertEquals("+15550001111", invite.to());
        assertEquals("+15550009999", invite.from(), "the configured caller ID");
        assertEquals(id, invite.callId());
        OutboundEvents events = trunk.events.get(0);
        long t0 = System.nanoTime();
        events.onInviteSent(t0);
        events.onResponse(100, t0 + 5_000_000);
        events.onResponse(180, t0 + 50_000_000);
        events.onFailed(486, "Busy Here", t0 + 900_000_000);
        loop.runPending();

        assertEquals(1, records.size());
        CallRecord r = records.get(0);
        assertEquals(CallDirection.OUTBOUND, r.direction());
        assertEquals(CallOutcome.BUSY, r.outcome());
        assertEquals("busy", r.outcome().tag());
        assertEquals(EndReason.CALLEE_BUSY, r.endReason());
        assertEquals(486, r.finalStatus());
        assertEquals(List.of(100, 180, 486), r.trunkResponses().stream().map(TrunkResponse::status).toList());
        assertEquals(50.0, r.sip().ringing(), 0.001);
        assertEquals("uac-1", r.parties().sipCallId());
        assertEquals("tel:+15550001111", r.parties().to());
        assertEquals(0, bridge.activeCalls());
        assertEquals(List.of(), trunk.hangups, "the trunk ended it: nothing to cancel");
        assertEquals(1, media.released, "the reserved ports went back");
    }

    @Test
    void aCalleeThatRingsPastTheTimeoutIsCancelledAsNoAnswer() throws Exception {
        CallBridge bridge = bridge(1, 5, List.of("+"));
        bridge.place(to("+15550001111"));
        loop.runPending();
        trunk.events.get(0).onResponse(180, System.nanoTime());
        loop.advanceMillis(29_000);
        assertEquals(0, records.size());
        loop.advanceMillis(1_000);
        assertEquals(List.of("uac-1 NO_ANSWER"), trunk.hangups);
        assertEquals(1, records.size());
        assertEquals(CallOutcome.NO_ANSWER, records.get(0).outcome());
        assertEquals("no-answer", records.get(0).outcome().tag());
        assertEquals(487, records.get(0).finalStatus());
        trunk.events.get(0).onFailed(487, "Request Terminated", System.nanoTime());
        loop.runPending();
        assertEquals(1, records.size(), "the 487 after our CANCEL changes nothing");
    }

    @Test
    void anAnsweredCallJoinsTheBridgeAndTheCalleesByeEndsIt() throws Exception {
        CallBridge bridge = bridge(1, 5, List.of("+1"));
        bridge.place(to("+15550001111"));
        loop.runPending();
        OutboundEvents events = trunk.events.get(0);
        long t0 = System.nanoTime();
        events.onInviteSent(t0);
        events.onResponse(180, t0 + 100_000_000);
        events.onAnswered(answer(), t0 + 2_000_000_000L);
        loop.runPending();
        assertTrue(media.started, "media flows once the callee answered");
        assertEquals(1, agent.connects, "the agent connects on the answer");
        assertEquals(List.of("connect tel:+15550001111"), agent.events);
        agent.ready();
        loop.runPending();
        events.onBye(System.nanoTime());
        loop.runPending();

        assertEquals(1, records.size());
        CallRecord r = records.get(0);
        assertEquals(CallOutcome.ANSWERED, r.outcome());
        assertEquals(CallDirection.OUTBOUND, r.direction());
        assertEquals(EndReason.CALLER_HANGUP, r.endReason());
        assertEquals(200, r.finalStatus());
        assertEquals(100.0, r.sip().ringing(), 0.001);
        assertEquals(2000.0, r.sip().answered(), 0.001);
        assertEquals(List.of(180, 200), r.trunkResponses().stream().map(TrunkResponse::status).toList());
        assertEquals("PCMU_8K", r.codec());
        assertEquals(List.of(), trunk.hangups, "no BYE back after the callee's");
    }

    @Test
    void hangingUpAnAnsweredCallSendsBye() throws Exception {
        CallBridge bridge = bridge(1, 5, List.of("+1"));
        bridge.place(to("+15550001111"));
        loop.runPending();
        trunk.events.get(0).onAnswered(answer(), System.nanoTime());
        loop.runPending();
        agent.ready();
        bridge.endAll(EndReason.SHUTDOWN);
        loop.runPending();
        assertEquals(List.of("uac-1 SHUTDOWN"), trunk.hangups);
        assertEquals(CallOutcome.ANSWERED, records.get(0).outcome());
    }

    @Test
    void requestsBeyondTheRateWaitTheirTurnAndAFullQueueIsRefused() throws Exception {
        CallBridge bridge = bridge(2, 3, List.of("+1"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(bridge.place(to("+1555000100" + i)));
        }
        CallControlException full = assertThrows(CallControlException.class, () -> bridge.place(to("+15550001009")));
        assertEquals(CallControlException.Kind.TOO_MANY, full.kind());
        loop.runPending();
        assertEquals(1, trunk.invites.size(), "the first goes at once");
        loop.advanceMillis(499);
        assertEquals(1, trunk.invites.size());
        loop.advanceMillis(1);
        assertEquals(2, trunk.invites.size(), "the next after 1/2 s");
        loop.advanceMillis(1000);
        assertEquals(4, trunk.invites.size());
        assertEquals(ids, trunk.invites.stream().map(OutboundInvite::callId).toList(), "in order");
        assertEquals(4, bridge.activeCalls());
        assertEquals("outbound", bridge.activeCallList().get(0).direction());
        assertEquals("tel:+15550001000", bridge.activeCallList().stream()
                .filter(c -> c.callId().equals(ids.get(0))).findFirst().orElseThrow().to());
    }

    @Test
    void aQueuedCallEndedBeforeItsTurnIsRecordedAndNeverDialled() throws Exception {
        CallBridge bridge = bridge(1, 3, List.of("+1"));
        bridge.place(to("+15550001111"));
        bridge.place(to("+15550002222"));
        loop.runPending();
        bridge.endAll(EndReason.SHUTDOWN);
        loop.advanceMillis(2000);
        assertEquals(1, trunk.invites.size());
        assertEquals(2, records.size());
        assertEquals(0, bridge.activeCalls());
    }
}
