package io.trunkline.server.warmup;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.bridge.AgentRouter.RoutedAgent;
import io.trunkline.core.bridge.CallBridge;
import io.trunkline.core.bridge.CallObserver;
import io.trunkline.core.bridge.RouteTable;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.AgentConfig;
import io.trunkline.core.config.AnswerPolicy;
import io.trunkline.core.config.AttributionThresholds;
import io.trunkline.core.config.CallConfig;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.loop.CallLoopProvider;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.record.CallRecord;
import io.trunkline.metrics.records.CallRecordJson;
import io.trunkline.sip.warmup.SipRehearsal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whole calls through the gateway's real call path, on a bridge of their own: a Twilio-style caller dials a private
 * SIP listener on 127.0.0.1 ({@link SipRehearsal}: the JAIN-SIP stack's transactions and dialogs, the UAS, the
 * answer, ACK and BYE), the call bridge runs the call on the gateway's event loops, a real media leg is opened on the
 * gateway's RTP engine (a port pair bound, never started, so it neither reads nor sends), and the agent leg is a real
 * WebSocket connection over loopback to an agent inside this process (the embedded demo agent: TCP connect, HTTP
 * upgrade, frames both ways, close). Caller audio and a digit go to the agent while the call is up, the agent's
 * greeting goes into the playout queue, the record is built and written as JSON. The gateway's own bridge, SIP
 * listener, meters and record sinks never see these calls; nothing leaves the host.
 */
final class BridgeRehearsal implements AutoCloseable {
    private static final CallConfig CONFIG = new CallConfig(4, AnswerPolicy.ON_AGENT_READY, Duration.ofSeconds(2),
            Duration.ofMinutes(1), 5, Duration.ofSeconds(1), 10_000);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final LinkedBlockingQueue<CallRecord> records = new LinkedBlockingQueue<>();
    private final Legs legs;
    private final CallBridge bridge;
    private final SipRehearsal sip;

    /**
     * Starts the private SIP listener.
     *
     * @param media    where media legs are opened (never started)
     * @param agent    connects calls to an agent reachable over loopback
     * @param observer the call-level events (a meter registry of the warm-up's own)
     */
    BridgeRehearsal(CallLoopProvider loops, MediaLegFactory media, AgentConnector agent, CallObserver observer)
            throws Exception {
        this.legs = new Legs(media);
        this.bridge = new CallBridge(CONFIG, loops, legs, new RouteTable(List.of(),
                new RoutedAgent(agent, AgentConfig.DEFAULTS)), r -> {
                    CallRecordJson.toJson(r);
                    records.add(r);
                }, observer, AttributionThresholds.DEFAULTS);
        this.sip = SipRehearsal.start(bridge);
    }

    /** One call; false when it did not end with its record in time (the loops are too busy to wait for). */
    boolean run() throws IOException, InterruptedException {
        records.clear();
        boolean completed = sip.call(WAIT, this::talk);
        return completed && records.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) != null;
    }

    /** While the call is up, on its loop: caller audio and a digit, as if from RTP. */
    private void talk() {
        CallLoop loop = legs.loop;
        if (loop == null) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                legs.talk();
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the call goes on to its BYE regardless
        }
    }

    /** Stops the private SIP listener; ends what a late rehearsal left behind. */
    @Override
    public void close() {
        sip.close();
        bridge.endAll(EndReason.SHUTDOWN);
    }

    /** Real media legs of the gateway's RTP engine that are never started. */
    private static final class Legs implements MediaLegFactory {
        private final MediaLegFactory engine;
        private volatile CallLoop loop;
        private volatile MediaLegListener listener;

        Legs(MediaLegFactory engine) {
            this.engine = engine;
        }

        /** On the call's loop: 20 ms frames of caller audio and a digit. */
        void talk() {
            MediaLegListener caller = listener;
            if (caller == null) {
                return;
            }
            for (int i = 0; i < 5; i++) {
                caller.onCallerAudio(ByteBuffer.allocate(AudioFormat.PCM16_16K.frameBytes()));
            }
            caller.onDtmf(new DtmfDigit('5', 100));
        }

        @Override
        public MediaLeg open(String callId, CallLoop callLoop, MediaOffer offer, AudioFormat agentFormat,
                MediaLegListener mediaListener) throws PortsExhaustedException {
            this.loop = callLoop;
            this.listener = mediaListener;
            return new Unstarted(engine.open(callId, callLoop, offer, agentFormat, mediaListener));
        }

        @Override
        public int portPairsInUse() {
            return engine.portPairsInUse();
        }

        @Override
        public int portPairsTotal() {
            return engine.portPairsTotal();
        }
    }

    /** A media leg whose sockets are bound but never read from or sent on: the caller is not listening. */
    private record Unstarted(MediaLeg leg) implements MediaLeg {
        @Override
        public InetSocketAddress localRtpAddress() {
            return leg.localRtpAddress();
        }

        @Override
        public void start() {
        }

        @Override
        public void update(MediaOffer offer) {
        }

        @Override
        public int play(ByteBuffer agentAudio) {
            return leg.play(agentAudio);
        }

        @Override
        public void clear() {
            leg.clear();
        }

        @Override
        public int queuedMillis() {
            return leg.queuedMillis();
        }

        @Override
        public void mark(String name) {
            leg.mark(name);
        }

        @Override
        public void reformat(AudioFormat format) {
            leg.reformat(format);
        }

        @Override
        public boolean sendDtmf(String digits) {
            return false; // nothing is sent on a rehearsal's leg
        }

        @Override
        public MediaStats stats() {
            return leg.stats();
        }

        @Override
        public void close() {
            leg.close();
        }
    }
}
