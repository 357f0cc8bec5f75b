package io.trunkline.ws.warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.trunkline.core.agent.AgentEvents;
import io.trunkline.core.agent.AgentFailure;
import io.trunkline.core.agent.AgentSession;
import io.trunkline.core.agent.ConnectPhases;
import io.trunkline.core.agent.TransferRequest;
import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.record.CallParties;
import io.trunkline.ws.protocol.AgentProtocol;
import io.trunkline.ws.protocol.ProtocolException;
import io.trunkline.ws.raw.RawPcmProtocol;
import io.trunkline.ws.twilio.TwilioStreamProtocol;
import io.trunkline.ws.twilio.TwilioStreamSettings;
import io.trunkline.ws.vapi.VapiProtocol;
import io.trunkline.ws.vapi.VapiSettings;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Synthetic work through the agent side of a call, for the gateway to run before it reports ready: every agent
 * protocol (raw PCM, Vapi, Twilio Media Streams) opens, frames caller audio, DTMF and marks, reads the agent's
 * audio and control messages and ends; and one WebSocket connection is opened, carries frames and closes over an
 * in-memory channel pair ({@link WebSocketRehearsal}). Nothing is sent anywhere.
 */
public final class AgentWarmUp {
    private static final AgentSession SESSION = new AgentSession("warm-up", new CallParties("warm-up@127.0.0.1",
            "sip:+15550000001@127.0.0.1", "sip:+15550000002@127.0.0.1", "CA00000000000000000000000000000000",
            "AC00000000000000000000000000000000", null, null, Map.of("X-Warm-Up", "1")));

    private AgentWarmUp() {
    }

    /** One round of every protocol and one WebSocket connection. */
    public static void run() {
        byte[] pcm16k = new byte[640];
        byte[] ulaw = new byte[160];
        java.util.Arrays.fill(ulaw, (byte) 0xFF);
        speak(RawPcmProtocol.factory(AudioFormat.PCM16_16K), pcm16k, p -> List.of("{\"type\":\"clear\"}"));
        speak(VapiProtocol.factory(VapiSettings.builder("warm-up").assistantId("warm-up").build()), pcm16k,
                p -> List.of("{\"type\":\"speech-update\",\"status\":\"started\",\"role\":\"user\"}",
                        "{\"type\":\"user-interrupted\"}",
                        "{\"type\":\"transcript\",\"role\":\"user\",\"transcriptType\":\"final\",\"transcript\":\"hi\"}",
                        "{\"type\":\"status-update\",\"status\":\"in-progress\"}"));
        String payload = Base64.getEncoder().encodeToString(ulaw);
        // The agent answers on the stream the protocol opened: a message for another stream would be ignored
        // (and logged) as Twilio does, leaving the media, mark and clear paths cold.
        speak(TwilioStreamProtocol.factory(TwilioStreamSettings.of(URI.create("ws://127.0.0.1/warm-up"))), ulaw,
                p -> {
                    String streamSid = ((TwilioStreamProtocol) p).streamSid();
                    return List.of("{\"event\":\"media\",\"streamSid\":\"" + streamSid
                                    + "\",\"media\":{\"payload\":\"" + payload + "\"}}",
                            "{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"m1\"}}",
                            "{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}");
                });
        if (!WebSocketRehearsal.run(pcm16k)) {
            throw new IllegalStateException("the in-memory WebSocket connection did not carry its frames");
        }
    }

    private static void speak(AgentProtocol.Factory factory, byte[] frame,
            Function<AgentProtocol, List<String>> agentMessages) {
        FrameSink wire = new FrameSink();
        AgentProtocol protocol = factory.create(SESSION, wire, new Listener());
        protocol.onOpen();
        for (int i = 0; i < 3; i++) {
            protocol.sendAudio(ByteBuffer.wrap(frame));
        }
        protocol.sendDtmf(new DtmfDigit('5', 100));
        for (String message : agentMessages.apply(protocol)) {
            ByteBuf text = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
            try {
                protocol.onText(text);
            } catch (ProtocolException e) {
                // a protocol that refuses a message is exercised too
            } finally {
                text.release();
            }
        }
        ByteBuf audio = Unpooled.wrappedBuffer(frame);
        try {
            protocol.onBinary(audio);
        } catch (ProtocolException e) {
            // binary frames are not part of every protocol
        } finally {
            audio.release();
        }
        protocol.markPlayed("m1");
        protocol.gatewayEnded();
    }

    /** Takes every frame a protocol writes, and releases it. */
    private static final class FrameSink implements io.trunkline.ws.protocol.Wire {
        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void sendText(ByteBuf utf8) {
            utf8.release();
        }

        @Override
        public void sendBinary(ByteBuf data) {
            data.release();
        }

        @Override
        public void countIgnored() {
        }
    }

    /** Hears what the protocols report, and forgets it. */
    private static final class Listener implements AgentEvents {
        @Override
        public void identified(String agentCallId) {
        }

        @Override
        public void ready(ConnectPhases phases) {
        }

        @Override
        public void audio(ByteBuffer audio) {
        }

        @Override
        public void clear() {
        }

        @Override
        public void mark(String name) {
        }

        @Override
        public void hangup(String reason) {
        }

        @Override
        public void transferRequested(TransferRequest request) {
        }

        @Override
        public void failed(AgentFailure failure) {
        }

        @Override
        public void dropped(DropReason reason, long count) {
        }
    }
}
