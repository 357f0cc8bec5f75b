package io.trunkline.core.bridge;

import io.trunkline.core.agent.AgentConnector;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentLeg;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaLegFactory;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.record.RtpStreamStats;
import io.trunkline.core.signalling.SignallingLeg;
import io.trunkline.core.testing.ManualCallLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Recording stand-ins for the three legs. */
final class Fakes {
    private Fakes() {
    }

    /**
     * {@code target} as a real leg reaches it: every event the test sends is handed to the call's loop and run
     * there at once, as events from the network are.
     */
    static <T> T onLoop(Class<T> type, T target, CallLoop loop) {
        if (!(loop instanceof ManualCallLoop manual)) {
            return target;
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            RuntimeException[] failure = new RuntimeException[1];
            manual.execute(() -> {
                try {
                    method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    failure[0] = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
                } catch (IllegalAccessException e) {
                    failure[0] = new IllegalStateException(e);
                }
            });
            manual.runPending();
            if (failure[0] != null) {
                throw failure[0];
            }
            return null;
        }));
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static final class Signalling implements SignallingLeg {
        final List<String> events = new ArrayList<>();
        int rejectStatus;
        int retryAfter;
        EndReason hangupReason;

        @Override
        public void ringing() {
            events.add("180");
        }

        @Override
        public void answer(InetSocketAddress localRtp, MediaOffer offer) {
            events.add("200");
        }

        @Override
        public void reject(int status, String reason, int retryAfterSeconds) {
            events.add(String.valueOf(status));
            rejectStatus = status;
            retryAfter = retryAfterSeconds;
        }

        @Override
        public void redirect(String uri) {
            events.add("302 " + uri);
        }

        @Override
        public void hangup(EndReason reason) {
            events.add("BYE");
            hangupReason = reason;
        }

        @Override
        public void refer(String referTo, String referredBy) {
            events.add("REFER " + referTo + (referredBy == null ? "" : " by " + referredBy));
        }
    }

    static final class Media implements MediaLeg, MediaLegFactory {
        boolean exhausted;
        boolean started;
        int closed;
        int clears;
        MediaOffer lastUpdate;
        MediaLegListener listener;
        final List<byte[]> played = new ArrayList<>();
        final List<String> pendingMarks = new ArrayList<>();
        final List<String> dtmfSent = new ArrayList<>();
        final List<AudioFormat> formats = new ArrayList<>();
        boolean dtmfRefused;
        int opened;

        @Override
        public MediaLeg open(String callId, CallLoop loop, MediaOffer offer, AudioFormat agentFormat,
                MediaLegListener listener) throws PortsExhaustedException {
            if (exhausted) {
                throw new PortsExhaustedException("range 20000-20001 in use");
            }
            opened++;
            this.listener = onLoop(MediaLegListener.class, listener, loop);
            return this;
        }

        int released;

        @Override
        public MediaPorts reserve(String callId, CallLoop loop) throws PortsExhaustedException {
            if (exhausted) {
                throw new PortsExhaustedException("range 20000-20001 in use");
            }
            Media leg = this;
            return new MediaPorts() {
                @Override
                public InetSocketAddress localRtpAddress() {
                    return leg.localRtpAddress();
                }

                @Override
                public MediaLeg open(MediaOffer answer, AudioFormat agentFormat, MediaLegListener listener) {
                    try {
                        return leg.open(callId, loop, answer, agentFormat, listener);
                    } catch (PortsExhaustedException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void release() {
                    released++;
                }
            };
        }

        @Override
        public int portPairsInUse() {
            return opened - closed;
        }

        @Override
        public int portPairsTotal() {
            return 10;
        }

        @Override
        public InetSocketAddress localRtpAddress() {
            return new InetSocketAddress("127.0.0.1", 20000);
        }

        @Override
        public void start() {
            started = true;
        }

        @Override
        public void update(MediaOffer offer) {
            lastUpdate = offer;
        }

        @Override
        public void reformat(AudioFormat format) {
            formats.add(format);
            played.clear();
        }

        @Override
        public int play(ByteBuffer agentAudio) {
            played.add(bytes(agentAudio));
            return 0;
        }

        @Override
        public void clear() {
            clears++;
            played.clear();
            if (listener != null) {
                pendingMarks.forEach(listener::onMarkPlayed);
            }
            pendingMarks.clear();
        }

        @Override
        public int queuedMillis() {
            return played.size() * 20;
        }

        @Override
        public void mark(String name) {
            pendingMarks.add(name);
        }

        @Override
        public boolean sendDtmf(String digits) {
            if (dtmfRefused) {
                return false;
            }
            dtmfSent.add(digits);
            return true;
        }

        MediaStats stats = new MediaStats(RtpStreamStats.sent(7, 1120), RtpStreamStats.sent(9, 1440));

        /**
         * What the pacer of a real leg reports: {@code packets} loud 20 ms μ-law packets of agent audio sent, 20 ms
         * apart, the first at {@code firstNanos}.
         */
        void sendAgentSpeech(int packets, long firstNanos) {
            byte[] loud = new byte[160];
            for (int i = 0; i < loud.length; i++) {
                loud[i] = (byte) (i % 2 == 0 ? 0x20 : 0xA0); // about -10 dBFS
            }
            for (int i = 0; i < packets; i++) {
                listener.onAgentAudioSent(ByteBuffer.wrap(loud), firstNanos + i * 20_000_000L);
            }
        }

        @Override
        public MediaStats stats() {
            return stats;
        }

        @Override
        public void close() {
            closed++;
        }
    }

    static final class Agent implements AgentConnector, AgentLeg {
        OptionalLong restNanos = OptionalLong.empty();
        OptionalLong webSocketNanos = OptionalLong.empty();
        /** The call's sink, as the test reaches it: each event runs on the call's loop. */
        AgentEvents listener;
        boolean failSynchronously;
        int connects;
        final List<byte[]> audio = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public String kind() {
            return "fake";
        }

        @Override
        public AudioFormat format() {
            return AudioFormat.PCM16_16K;
        }

        @Override
        public AgentLeg connect(AgentSession session, CallLoop loop, AgentEvents sink) {
            this.listener = onLoop(AgentEvents.class, sink, loop);
            connects++;
            events.add("connect " + session.parties().to());
            sink.identified("agent-1");
            if (failSynchronously) {
                sink.failed(AgentFailure.of(AgentFailure.Kind.UNAVAILABLE, "refused"));
            }
            return this;
        }

        /** The leg reports ready, with the connect phases the test set. */
        void ready() {
            listener.ready(new ConnectPhases(restNanos, webSocketNanos));
        }

        @Override
        public void sendAudio(ByteBuffer frame) {
            audio.add(bytes(frame));
        }

        @Override
        public void sendDtmf(DtmfDigit digit) {
            events.add("dtmf " + digit.digit());
        }

        @Override
        public void markPlayed(String name) {
            events.add("mark " + name);
        }

        @Override
        public void gatewayEnded() {
            events.add("gatewayEnded");
        }

        @Override
        public void transferFailed(String destination, String reason) {
            events.add("transferFailed " + destination + ": " + reason);
        }

        @Override
        public void close() {
            events.add("close");
        }

    }
}
