package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.OutboundConfig;
import io.trunkline.core.config.TransferConfig;
import io.trunkline.core.config.TransferMode;
import io.trunkline.core.control.CallControlException;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.record.CallOutcome;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.record.TransferLeg;
import io.trunkline.core.record.TransferSummary;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.OutboundEvents;
import io.trunkline.core.testing.ManualCallLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bridged transfer as the call sees it, against a fake trunk and fake media legs: the dial, ring-back, the hand-over
 * from the agent to the target, the relay both ways, and each way it ends.
 */
class BridgedTransferTest {
    private static final String NUMBER = "+15550009999";

    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media caller = new Fakes.Media();
    private final Fakes.Media target = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final Fakes.Signalling sip = new Fakes.Signalling();
    private final OutboundBridgeTest.Trunk trunk = new OutboundBridgeTest.Trunk();
    private final List<CallRecord> records = new ArrayList<>();
    private final List<String> transfers = new ArrayList<>();
    private CallBridge bridge;
    private CallSignals signals;

    /** The caller's leg opens on {@link #caller}; ports reserved for a transfer target open on {@link #target}. */
    private final MediaLegFactory legs = new MediaLegFactory() {
        @Override
        public MediaLeg open(String callId, CallLoop callLoop, MediaOffer offer, AudioFormat agentFormat,
                MediaLegListener listener) throws PortsExhaustedException {
            return caller.open(callId, callLoop, offer, agentFormat, listener);
        }

        @Override
        public MediaPorts reserve(String callId, CallLoop callLoop) throws PortsExhaustedException {
            return target.reserve(callId, callLoop);
        }

        @Override
        public int portPairsInUse() {
            return 0;
        }

        @Override
        public int portPairsTotal() {
            return 10;
        }
    };

    private void answeredCall(TransferConfig transferConfig) {
        bridge = CallTransferTest.bridge(loop, legs, agent, records, transfers, transferConfig);
        bridge.enableOutbound(new OutboundConfig("sip:trunk.example", "U", "P", "+15550001000", 5, 5,
                List.of("+1555"), Duration.ofSeconds(20), "udp"), trunk, loop::nanoTime);
        signals = bridge.onInvite(CallTransferTest.invite(), sip);
        loop.runPending();
        agent.ready();
    }

    private static TransferConfig mode(TransferMode mode, boolean fallback) {
        return new TransferConfig(mode, "tel:{number}", null, Duration.ofSeconds(30), fallback);
    }

    private String callId() {
        return bridge.activeCallList().get(0).callId();
    }

    private static MediaOffer answer(AudioFormat codec) {
        return new MediaOffer(new InetSocketAddress("127.0.0.1", 41000), new InetSocketAddress("127.0.0.1", 41001),
                codec, codec == AudioFormat.PCMA_8K ? 8 : 0, 101, 20, MediaDirection.SENDRECV);
    }

    /** The agent asks; the gateway dials the target and the caller hears ring-back. */
    private OutboundEvents ringing() {
        agent.listener.transferRequested(new TransferRequest(NUMBER, "billing"));
        loop.runPending();
        assertEquals(1, trunk.invites.size());
        assertEquals(NUMBER, trunk.invites.get(0).to());
        assertEquals("+15550001000", trunk.invites.get(0).from(), "outbound.from");
        assertEquals(List.of(AudioFormat.PCM16_8K), caller.formats, "ring-back in PCM16");
        assertEquals(10, caller.played.size(), "200 ms of ring-back queued");
        OutboundEvents events = trunk.events.get(0);
        events.onResponse(180, System.nanoTime());
        loop.runPending();
        return events;
    }

    @Test
    void theTargetAnswersTheAgentLeavesAndAudioIsRelayedBothWaysUntilTheTargetHangsUp() {
        answeredCall(mode(TransferMode.BRIDGE, false));
        OutboundEvents events = ringing();
        int framesAtAgent = agent.audio.size();
        caller.listener.onCallerAudio(ByteBuffer.wrap(new byte[320]));
        agent.listener.audio(ByteBuffer.wrap(new byte[640]));
        assertEquals(framesAtAgent, agent.audio.size(), "the agent does not hear the ringing caller");
        assertEquals(10, caller.played.size(), "nor does the caller hear the agent over the ring-back");

        events.onAnswered(answer(AudioFormat.PCMU_8K), System.nanoTime());
        loop.runPending();
        assertEquals(List.of(AudioFormat.PCM16_8K, AudioFormat.PCMU_8K), caller.formats,
                "the caller's leg relays in its own codec");
        assertTrue(caller.played.isEmpty(), "the ring-back stopped");
        assertTrue(target.started);
        assertTrue(agent.events.contains("gatewayEnded"), agent.events.toString());
        assertEquals(List.of("bridge transferred"), transfers);

        byte[] spoken = {1, 2, 3};
        caller.listener.onCallerAudio(ByteBuffer.wrap(spoken));
        assertEquals(1, target.played.size());
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), boxed(target.played.get(0)), "as it came");
        target.listener.onCallerAudio(ByteBuffer.wrap(new byte[] {9, 8}));
        assertEquals(List.of((byte) 9, (byte) 8), boxed(caller.played.get(0)));
        for (int i = 0; i < 5; i++) {
            caller.listener.onCallerAudio(ByteBuffer.wrap(spoken)); // a burst, the pacer not yet drained
        }
        assertEquals(5, target.played.size(), "a sixth frame would wait beyond 100 ms: dropped");
        caller.listener.onDtmf(new DtmfDigit('4', 100));
        target.listener.onDtmf(new DtmfDigit('#', 100));
        assertEquals(List.of("4"), target.dtmfSent);
        assertEquals(List.of("#"), caller.dtmfSent);
        assertEquals(framesAtAgent, agent.audio.size(), "nothing of the bridged call reaches the agent");

        events.onBye(System.nanoTime());
        loop.runPending();
        assertEquals("BYE", sip.events.get(sip.events.size() - 1), "the caller gets BYE");
        assertEquals(EndReason.TRANSFER_TARGET_HANGUP, sip.hangupReason);
        assertEquals(List.of(), trunk.hangups, "no BYE back to the target that hung up");
        CallRecord r = records.get(0);
        assertEquals(EndReason.TRANSFER_TARGET_HANGUP, r.endReason());
        assertEquals(CallOutcome.TRANSFERRED, r.outcome());
        TransferSummary t = r.transfer();
        assertEquals("bridge", t.mode());
        assertEquals("transferred", t.outcome());
        assertNull(t.referTo());
        TransferLeg leg = t.bridgedLeg();
        assertEquals("uac-1", leg.sipCallId());
        assertEquals(List.of(180, 200), leg.responses().stream().map(x -> x.status()).toList());
        assertEquals("target", leg.endedBy());
        assertNotNull(leg.relayedMs());
        assertTrue(target.closed > 0, "the target's leg is closed");
        assertEquals(java.util.Map.of("relay-late", 1L), r.drops().outbound());
    }

    @Test
    void theCallersByeHangsUpTheTarget() {
        answeredCall(mode(TransferMode.BRIDGE, false));
        OutboundEvents events = ringing();
        events.onAnswered(answer(AudioFormat.PCMA_8K), System.nanoTime());
        loop.runPending();
        assertEquals(List.of(AudioFormat.PCM16_8K, AudioFormat.PCMU_8K), caller.formats,
                "relayed in the caller's codec; the target's leg converts A-law");
        callerHangsUp();
        assertEquals(List.of("uac-1 CALLER_HANGUP"), trunk.hangups);
        TransferLeg leg = records.get(0).transfer().bridgedLeg();
        assertEquals("caller", leg.endedBy());
        assertEquals(CallOutcome.TRANSFERRED, records.get(0).outcome());
    }

    @Test
    void aBusyTargetGivesTheCallerBackToTheAgentWhoIsTold() {
        answeredCall(mode(TransferMode.BRIDGE, false));
        OutboundEvents events = ringing();
        events.onFailed(486, "Busy Here", System.nanoTime());
        loop.runPending();
        assertEquals(List.of(AudioFormat.PCM16_8K, AudioFormat.PCM16_16K), caller.formats, "back to the agent's");
        assertTrue(agent.events.contains("transferFailed " + NUMBER + ": 486 Busy Here"), agent.events.toString());
        assertEquals(List.of("bridge failed"), transfers);
        assertEquals(1, target.released, "the target's ports are returned");
        int framesAtAgent = agent.audio.size();
        caller.listener.onCallerAudio(ByteBuffer.wrap(new byte[640]));
        assertEquals(framesAtAgent + 1, agent.audio.size(), "the agent hears the caller again");
        agent.listener.hangup("done");
        loop.runPending();
        TransferSummary t = records.get(0).transfer();
        assertEquals("failed", t.outcome());
        assertEquals(486, t.status());
        assertNull(t.bridgedLeg().endedBy());
        assertEquals(CallOutcome.ANSWERED, records.get(0).outcome());
    }

    @Test
    void noAnswerBeforeTheRingTimeoutCancelsTheDial() {
        answeredCall(mode(TransferMode.BRIDGE, false));
        ringing();
        loop.advanceMillis(20_000);
        assertEquals(List.of("uac-1 NO_ANSWER"), trunk.hangups, "CANCEL");
        assertTrue(agent.events.stream().anyMatch(e -> e.startsWith("transferFailed " + NUMBER + ": 487 no answer")),
                agent.events.toString());
        assertEquals(List.of("bridge timeout"), transfers);
    }

    @Test
    void aReferRefusedWithBridgeFallbackIsBridged() {
        answeredCall(mode(TransferMode.REFER, true));
        agent.listener.transferRequested(new TransferRequest(NUMBER, ""));
        loop.runPending();
        assertTrue(sip.events.contains("REFER tel:" + NUMBER), sip.events.toString());
        signals.onTransferRefused(403, "Forbidden");
        loop.runPending();
        assertEquals(List.of("refer refused"), transfers);
        assertEquals(1, trunk.invites.size(), "dialled instead");
        assertEquals(List.of(AudioFormat.PCM16_8K), caller.formats);
    }

    @Test
    void theApiRefusesWhatTheTrunkWouldNotDial() {
        answeredCall(mode(TransferMode.REFER, false));
        CallControlException e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("+445550001111", ""), TransferMode.BRIDGE));
        assertEquals(CallControlException.Kind.FORBIDDEN, e.kind());
        e = assertThrows(CallControlException.class,
                () -> bridge.transfer(callId(), new TransferRequest("sip:desk@pbx.example", ""), TransferMode.BRIDGE));
        assertEquals(CallControlException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("REFER"), e.getMessage());
        assertEquals(0, trunk.invites.size());
    }

    @Test
    void anOutboundCallIsTransferredByBridgingOnly() throws Exception {
        // The callee's leg is the first reserved, the transfer target's the second.
        Fakes.Media callee = new Fakes.Media();
        List<Fakes.Media> reserved = new ArrayList<>(List.of(callee, target));
        MediaLegFactory outboundLegs = new MediaLegFactory() {
            @Override
            public MediaLeg open(String callId, CallLoop callLoop, MediaOffer offer, AudioFormat agentFormat,
                    MediaLegListener listener) {
                throw new UnsupportedOperationException("no inbound call here");
            }

            @Override
            public MediaPorts reserve(String callId, CallLoop callLoop) throws PortsExhaustedException {
                return reserved.remove(0).reserve(callId, callLoop);
            }

            @Override
            public int portPairsInUse() {
                return 0;
            }

            @Override
            public int portPairsTotal() {
                return 10;
            }
        };
        bridge = CallTransferTest.bridge(loop, outboundLegs, agent, records, transfers, mode(TransferMode.REFER, false));
        bridge.enableOutbound(new OutboundConfig("sip:trunk.example", "U", "P", "+15550001000", 5, 5,
                List.of("+1555"), Duration.ofSeconds(20), "udp"), trunk, loop::nanoTime);
        String id = bridge.place(new io.trunkline.core.control.OutboundRequest("+15550002222", null, null,
                java.util.Map.of()));
        loop.runPending();
        trunk.events.get(0).onAnswered(answer(AudioFormat.PCMU_8K), System.nanoTime());
        loop.runPending();
        agent.ready();

        CallControlException e = assertThrows(CallControlException.class,
                () -> bridge.transfer(id, new TransferRequest(NUMBER, ""), TransferMode.REFER));
        assertEquals(CallControlException.Kind.CONFLICT, e.kind());
        bridge.transfer(id, new TransferRequest(NUMBER, ""), TransferMode.BRIDGE);
        loop.runPending();
        assertEquals(1, trunk.invites.size(), "the trunk's rate (5/s) holds the dial for its turn");
        loop.advanceMillis(200);
        assertEquals(NUMBER, trunk.invites.get(1).to());
        assertEquals(List.of(AudioFormat.PCM16_8K), callee.formats, "the callee hears ring-back");
        trunk.events.get(1).onAnswered(answer(AudioFormat.PCMU_8K), System.nanoTime());
        loop.runPending();
        callee.listener.onCallerAudio(ByteBuffer.wrap(new byte[] {5}));
        assertEquals(1, target.played.size(), "the callee's audio reaches the target");

        trunk.events.get(1).onBye(System.nanoTime());
        loop.runPending();
        assertEquals(List.of("uac-1 TRANSFER_TARGET_HANGUP"), trunk.hangups, "BYE to the callee, none to the target");
        assertEquals(CallOutcome.TRANSFERRED, records.get(0).outcome());
        assertEquals("target", records.get(0).transfer().bridgedLeg().endedBy());
    }

    private void callerHangsUp() {
        signals.onBye(System.nanoTime());
        loop.runPending();
    }

    private static List<Byte> boxed(byte[] bytes) {
        List<Byte> out = new ArrayList<>();
        for (byte b : bytes) {
            out.add(b);
        }
        return out;
    }
}
