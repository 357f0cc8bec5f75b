package io.trunkline.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.observe.DropReason;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every drop a call's legs report is counted once: in the call's record and, passed on, by the observer. */
class CallDropsTest {
    private final ManualCallLoop loop = new ManualCallLoop();
    private final Fakes.Media media = new Fakes.Media();
    private final Fakes.Agent agent = new Fakes.Agent();
    private final List<CallRecord> records = new ArrayList<>();
    private final Map<DropReason, Long> observed = new EnumMap<>(DropReason.class);
    private final CallObserver observer = new CallObserver() {
        @Override
        public void dropped(DropReason reason, long count) {
            observed.merge(reason, count, Long::sum);
        }
    };

    /** Immediate answer, with room for two 20 ms frames of caller audio while the agent is not ready. */
    private CallSignals call() {
        CallConfig config = new CallConfig(10, AnswerPolicy.IMMEDIATE, Duration.ofSeconds(5), Duration.ofHours(1), 7,
                Duration.ofSeconds(30), 40);
        CallBridge bridge = new CallBridge(config, () -> loop, media, AgentRouter.single(agent, AgentConfig.DEFAULTS),
                records::add, observer, AttributionThresholds.DEFAULTS);
        CallParties parties = new CallParties("abc@10.0.0.1", "sip:+15550001@carrier", "sip:+15550002@gw",
                null, null, null, null, Map.of());
        MediaOffer offer = new MediaOffer(new InetSocketAddress("127.0.0.1", 40150),
                new InetSocketAddress("127.0.0.1", 40151), AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        long now = System.nanoTime();
        CallSignals signals = bridge.onInvite(new InboundInvite(parties, offer, null,
                new InetSocketAddress("127.0.0.1", 5070), Instant.now(), now, now + 1000), new Fakes.Signalling());
        loop.runPending();
        return signals;
    }

    private CallRecord hangUp(CallSignals signals) {
        signals.onBye(System.nanoTime());
        loop.runPending();
        return records.get(0);
    }

    @Test
    void callerAudioBeyondTheEarlyAudioBoundIsCountedOncePerFrame() {
        CallSignals signals = call();
        for (int i = 0; i < 5; i++) {
            media.listener.onCallerAudio(ByteBuffer.allocate(AudioFormat.PCM16_16K.frameBytes()));
        }
        agent.ready();
        assertEquals(2, agent.audio.size(), "two frames fit, and reach the agent once it is ready");

        CallRecord record = hangUp(signals);
        assertEquals(Map.of("early-audio-full", 3L), record.drops().inbound());
        assertEquals(Map.of(), record.drops().outbound());
        assertEquals(Map.of(DropReason.EARLY_AUDIO_FULL, 3L), observed);
    }

    @Test
    void dropsReportedByTheMediaAndAgentLegsReachTheRecordAndTheObserverOnce() {
        CallSignals signals = call();
        agent.ready();
        media.listener.dropped(DropReason.PLAYOUT_FULL, 50);
        media.listener.dropped(DropReason.RTP_SOURCE, 1);
        media.listener.dropped(DropReason.NOT_WRITTEN, 2);
        media.listener.dropped(DropReason.PACER_SKIPPED, 4);
        agent.listener.dropped(DropReason.AGENT_NOT_READING, 7);
        agent.listener.dropped(DropReason.AGENT_CONTROL, 1);
        media.listener.dropped(DropReason.PLAYOUT_FULL, 25);

        CallRecord record = hangUp(signals);
        assertEquals(Map.of("source", 1L, "agent-not-reading", 7L, "control-not-sent", 1L),
                record.drops().inbound());
        assertEquals(Map.of("playout-full", 75L, "not-written", 2L, "pacer-skipped", 4L),
                record.drops().outbound());
        assertEquals(9, record.drops().inboundTotal());
        assertEquals(81, record.drops().outboundTotal());
        assertEquals(Map.of(DropReason.PLAYOUT_FULL, 75L, DropReason.RTP_SOURCE, 1L, DropReason.NOT_WRITTEN, 2L,
                DropReason.PACER_SKIPPED, 4L, DropReason.AGENT_NOT_READING, 7L, DropReason.AGENT_CONTROL, 1L),
                observed);
    }

    @Test
    void aCallThatDroppedNothingHasEmptyTotals() {
        CallSignals signals = call();
        agent.ready();
        CallRecord record = hangUp(signals);
        assertEquals(Map.of(), record.drops().inbound());
        assertEquals(Map.of(), record.drops().outbound());
        assertEquals(Map.of(), observed);
    }
}
