package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.testing.ManualCallLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent that decides per call (a TwiML application) may refuse the call with a SIP status of its choice before
 * answer, and take longer than the configured ready timeout to decide.
 */
class AgentRefusalTest {
    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media media = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final List<CallRecord> records = new ArrayList<>();

    private CallBridge bridge(AgentConnector connector) {
        CallConfig config = new CallConfig(10, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
                Duration.ofHours(1), 7, Duration.ofSeconds(30), 1000);
        return new CallBridge(config, () -> loop, media, AgentRouter.single(connector, AgentConfig.DEFAULTS),
                records::add);
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

    @Test
    void aRefusalBeforeAnswerGetsTheAgentsStatus() {
        CallBridge bridge = bridge(agent);
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge.onInvite(invite(), sip);
        loop.runPending();
        agent.listener.refused(486, "busy");
        loop.runPending();
        assertEquals(List.of("180", "486"), sip.events);
        assertEquals(0, sip.retryAfter);
        assertEquals(EndReason.AGENT_REFUSED, records.get(0).endReason());
        assertEquals(486, records.get(0).finalStatus());
        assertEquals(0, bridge.activeCalls());
    }

    @Test
    void aRefusalAfterAnswerIsAHangup() {
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge(agent).onInvite(invite(), sip);
        loop.runPending();
        agent.ready();
        agent.listener.refused(603, "rejected");
        loop.runPending();
        assertEquals(List.of("180", "200", "BYE"), sip.events);
        assertEquals(EndReason.AGENT_HANGUP, sip.hangupReason);
    }

    @Test
    void aConnectorMayAskForMoreTimeThanTheConfiguredReadyTimeout() {
        AgentConnector slow = new AgentConnector() {
            @Override
            public String kind() {
                return agent.kind();
            }

            @Override
            public AudioFormat format() {
                return agent.format();
            }

            @Override
            public AgentLeg connect(AgentSession session, CallLoop callLoop, AgentEvents events) {
                return agent.connect(session, callLoop, events);
            }

            @Override
            public Duration readyTimeout(Duration configured) {
                return configured.plusSeconds(10);
            }
        };
        Fakes.Signalling sip = new Fakes.Signalling();
        bridge(slow).onInvite(invite(), sip);
        loop.advanceMillis(14_999);
        assertEquals(List.of("180"), sip.events, "still ringing past calls.agent-ready-timeout");
        loop.advanceMillis(1);
        assertEquals(List.of("180", "503"), sip.events);
    }
}
