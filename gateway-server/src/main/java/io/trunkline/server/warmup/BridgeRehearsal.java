package io.trunkline.server.warmup;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentListener;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.bridge.AgentRouter.RoutedAgent;
import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.bridge.RouteTable;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.loop.CallLoopProvider;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.record.CallParties;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.signalling.CallSignals;
import io.trunkline.core.signalling.InboundInvite;
import io.trunkline.core.signalling.SignallingLeg;
import io.trunkline.metrics.records.CallRecordJson;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One whole call through a call bridge of its own, on the gateway's event loops: the INVITE is admitted, a real
 * media leg is opened on the gateway's RTP engine (a port pair bound, never started, so it neither reads nor sends),
 * an in-memory agent leg connects and reports ready, the call is answered and acknowledged, caller audio and a digit
 * go to the agent, agent audio goes into the media leg's playout queue, the caller hangs up, the media leg closes
 * and the record is built and written as JSON. The gateway's own bridge, call meters and record sinks never see it;
 * nothing is sent anywhere.
 */
final class BridgeRehearsal {
    private static final CallConfig CONFIG = new CallConfig(1, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(5),
            Duration.ofMinutes(1), 5, Duration.ofSeconds(1), 10_000);
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);
    private static final long RECORD_WAIT_MILLIS = 2000;

    private final CallLoopProvider loops;
    private final MediaLegFactory media;

    BridgeRehearsal(CallLoopProvider loops, MediaLegFactory media) {
        this.loops = loops;
        this.media = media;
    }

    /** One call; false when it did not end with its record in time (the loops are too busy to wait for). */
    boolean run() throws InterruptedException {
        AtomicReference<CallRecord> record = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        Legs legs = new Legs(media);
        CallBridge bridge = new CallBridge(CONFIG, loops, legs, new RouteTable(List.of(),
                new RoutedAgent(legs, AgentConfig.DEFAULTS)), r -> {
                    CallRecordJson.toJson(r);
                    record.set(r);
                    ended.countDown();
                });
        long now = System.nanoTime();
        CallParties parties = new CallParties("warm-up@127.0.0.1", "sip:+15550000001@127.0.0.1",
                "sip:+15550000002@127.0.0.1", "CA00000000000000000000000000000000",
                "AC00000000000000000000000000000000", null, null, Map.of("X-Warm-Up", "1"));
        MediaOffer offer = new MediaOffer(NOWHERE, NOWHERE, AudioFormat.PCMU_8K, 0, 101, 20, MediaDirection.SENDRECV);
        CallSignals signals = bridge.onInvite(new InboundInvite(parties, offer, null, NOWHERE, Instant.now(), now,
                now), legs);
        if (!legs.answered.await(RECORD_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            bridge.endAll(EndReason.SHUTDOWN);
            return false;
        }
        signals.onAck(System.nanoTime());
        legs.loop.execute(legs::talk);
        signals.onBye(System.nanoTime());
        return ended.await(RECORD_WAIT_MILLIS, TimeUnit.MILLISECONDS) && record.get() != null;
    }

    /** The caller's signalling and the agent in memory; media on a real leg that is never started. */
    private static final class Legs implements SignallingLeg, MediaLegFactory, MediaLeg, AgentConnector {
        private final CountDownLatch answered = new CountDownLatch(1);
        private final MediaLegFactory engine;
        private volatile CallLoop loop;
        private MediaLegListener media;
        private MediaLeg leg;
        private AgentListener agent;

        Legs(MediaLegFactory engine) {
            this.engine = engine;
        }

        /** On the call's loop: 20 ms frames both ways, a digit and a barge-in. */
        void talk() {
            for (int i = 0; i < 5; i++) {
                media.onCallerAudio(ByteBuffer.allocate(AudioFormat.PCM16_16K.frameBytes()));
                agent.onAgentAudio(ByteBuffer.allocate(AudioFormat.PCM16_16K.frameBytes() * 3));
            }
            media.onDtmf(new DtmfDigit('5', 100));
            agent.onMark("m1");
            agent.onClear();
        }

        @Override
        public void ringing() {
        }

        @Override
        public void answer(InetSocketAddress localRtp, MediaOffer offer) {
            answered.countDown();
        }

        @Override
        public void reject(int status, String reason, int retryAfterSeconds) {
        }

        @Override
        public void redirect(String uri) {
        }

        @Override
        public void hangup(EndReason reason) {
        }

        @Override
        public MediaLeg open(String callId, CallLoop loop, MediaOffer offer, AudioFormat agentFormat,
                MediaLegListener listener) throws PortsExhaustedException {
            this.loop = loop;
            this.media = listener;
            this.leg = engine.open(callId, loop, offer, agentFormat, listener);
            return this;
        }

        @Override
        public int portPairsInUse() {
            return engine.portPairsInUse();
        }

        @Override
        public int portPairsTotal() {
            return engine.portPairsTotal();
        }

        @Override
        public InetSocketAddress localRtpAddress() {
            return leg == null ? NOWHERE : leg.localRtpAddress();
        }

        /** Never started: the leg would read from its sockets and send RTP and RTCP to the caller. */
        @Override
        public void start() {
        }

        @Override
        public void update(MediaOffer offer) {
        }

        @Override
        public int play(ByteBuffer agentAudio) {
            return leg == null ? 0 : leg.play(agentAudio);
        }

        @Override
        public void clear() {
            if (leg != null) {
                leg.clear();
            }
        }

        @Override
        public int queuedMillis() {
            return leg == null ? 0 : leg.queuedMillis();
        }

        @Override
        public void mark(String name) {
            if (leg != null) {
                leg.mark(name);
            }
        }

        @Override
        public MediaStats stats() {
            return leg == null ? MediaStats.EMPTY : leg.stats();
        }

        @Override
        public String kind() {
            return "warm-up";
        }

        @Override
        public AudioFormat format() {
            return AudioFormat.PCM16_16K;
        }

        @Override
        public AgentLeg connect(AgentSession session, CallLoop loop, AgentListener listener) {
            this.agent = listener;
            loop.execute(listener::onAgentReady);
            return new Agent();
        }

        @Override
        public void close() {
            MediaLeg opened = leg;
            leg = null;
            if (opened != null) {
                opened.close();
            }
        }
    }

    /** The agent: hears everything, says nothing on its own. */
    private static final class Agent implements AgentLeg {
        @Override
        public AudioFormat format() {
            return AudioFormat.PCM16_16K;
        }

        @Override
        public void sendAudio(ByteBuffer frame) {
        }

        @Override
        public void sendDtmf(DtmfDigit digit) {
        }

        @Override
        public void markPlayed(String name) {
        }

        @Override
        public void gatewayEnded() {
        }

        @Override
        public String agentCallId() {
            return null;
        }

        @Override
        public void close() {
        }
    }
}
