package io.trunkline.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.DisconnectPolicy;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.hostile.HostileGateway.Options;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Misbehaving raw PCM agents, for what the agent protocol tests do not already cover: unknown events, invalid JSON,
 * binary frames of odd length, a frame far above {@code agent.max-frame-bytes}, a WebSocket server that never
 * answers the handshake, and a connection reset under {@code agent.on-disconnect: reconnect}. Each call must end
 * or carry on as configured, with a record whose end reason says why.
 */
class AgentFaultsIT {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int MAX_FRAME_BYTES = 8192;

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @Test
    void unknownEventsAreIgnoredAndTheCallCarriesOn() throws Exception {
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()));
                TestUac uac = gw.uac()) {
            answer(uac, 40000);
            EchoAgent.Session s = agent.awaitSession(0);
            s.send("{\"type\":\"dance\"}");
            s.send("{\"type\":\"media\",\"media\":{\"payload\":\"AAAA\"}}");
            s.send("{\"type\":\"hangup-later\",\"reason\":{\"nested\":[1,2,3]}}");
            s.send("{\"type\":\"mark\",\"name\":\"after-unknown\"}");
            // The mark comes back only once everything before it was read.
            Await.until(WAIT, "the mark echoed", () -> s.texts.stream().anyMatch(t -> t.contains("after-unknown")));
            assertEquals(1, gw.gateway().bridge().activeCalls(), "the call carries on");
            uac.bye();
            uac.awaitResponse(200, "BYE");
            assertEquals(EndReason.CALLER_HANGUP, gw.awaitRecord(uac.callId()).endReason());
        }
    }

    @Test
    void invalidJsonEndsTheCallAsAProtocolErrorWith1007() throws Exception {
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()));
                TestUac uac = gw.uac()) {
            answer(uac, 40000);
            EchoAgent.Session s = agent.awaitSession(0);
            s.send("{\"type\": \"clear\"");
            SipMsg bye = uac.awaitRequest("BYE");
            uac.respond(bye, 200, "OK");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_PROTOCOL_ERROR, r.endReason(), r.toString());
            Await.until(WAIT, "the agent's connection closed", () -> s.closed);
            assertEquals(1007, s.closeCode, "close code at the agent");
        }
    }

    @Test
    void binaryFramesOfOddLengthAreJoinedIntoWholeSamples() throws Exception {
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()));
                CallerRtp rtp = new CallerRtp();
                TestUac uac = gw.uac()) {
            agent.echo(false);
            SipMsg ok = answer(uac, rtp.port());
            rtp.start(Sdp.audioAddress(ok.body()), true);
            EchoAgent.Session s = agent.awaitSession(0);
            byte[] tone = TestAudio.pcm16Tone(1000, -12, 1000); // 32000 bytes: 50 packets of 20 ms
            int sent = 0;
            for (int off = 0; off < tone.length; ) {
                int n = Math.min(tone.length - off, (sent % 2 == 0) ? 641 : 639);
                s.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(tone, off, n)));
                off += n;
                sent++;
            }
            Await.until(WAIT, "the tone at the caller (" + rtp.audibleCount() + " audible packets)",
                    () -> rtp.audibleCount() >= 48);
            assertEquals(1, gw.gateway().bridge().activeCalls(), "the call carries on");
            uac.bye();
            uac.awaitResponse(200, "BYE");
            assertEquals(EndReason.CALLER_HANGUP, gw.awaitRecord(uac.callId()).endReason());
            System.out.printf("AgentFaultsIT: %d odd-length frames became %d audible packets at the caller%n", sent,
                    rtp.audibleCount());
        }
    }

    @Test
    void aFrameFarAboveTheLimitEndsTheCallWith1009() throws Exception {
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()).maxFrameBytes(MAX_FRAME_BYTES));
                TestUac uac = gw.uac()) {
            answer(uac, 40000);
            EchoAgent.Session s = agent.awaitSession(0);
            s.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[64 * MAX_FRAME_BYTES])));
            SipMsg bye = uac.awaitRequest("BYE");
            uac.respond(bye, 200, "OK");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.AGENT_PROTOCOL_ERROR, r.endReason(), r.toString());
            Await.until(WAIT, "the agent's connection closed", () -> s.closed);
            assertEquals(1009, s.closeCode, "close code at the agent");
        }
    }

    @Test
    void anAgentThatNeverAnswersTheHandshakeGets503InTime() throws Exception {
        // The kernel completes TCP connections into the backlog; nothing ever reads or answers the upgrade.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/agent");
            Duration connect = Duration.ofMillis(1000);
            try (RunningGateway gw = HostileGateway.start(Options.of(uri)
                    .agentTimeouts(connect, Duration.ofMillis(1500)));
                    TestUac uac = gw.uac()) {
                long started = System.nanoTime();
                uac.inviteSdp(Sdp.pcmuOffer(40000));
                SipMsg refusal = uac.await("the final answer", m -> m.isResponse() && m.status() >= 200
                        && "INVITE".equals(m.cseqMethod()) && uac.callId().equals(m.callId()));
                long millis = (System.nanoTime() - started) / 1_000_000;
                uac.ack(false);
                assertEquals(503, refusal.status());
                assertTrue(millis < 5000, "answered after " + millis + " ms");
                CallRecord r = gw.awaitRecord(uac.callId());
                assertTrue(r.endReason() == EndReason.AGENT_CONNECT_TIMEOUT, r.endReason().toString());
                assertEquals(503, r.finalStatus());
                gw.awaitIdle();
            }
        }
    }

    @Test
    void aResetAgentIsReconnectedAndTheCallCarriesOn() throws Exception {
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri())
                        .onDisconnect(DisconnectPolicy.RECONNECT));
                TestUac uac = gw.uac()) {
            answer(uac, 40000);
            agent.awaitSession(0).crash();
            EchoAgent.Session second = agent.awaitSession(1);
            assertTrue(uac.all(m -> !m.isResponse() && "BYE".equals(m.method())).isEmpty(), "the call survived");
            assertEquals(1, gw.gateway().bridge().activeCalls());
            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason(), r.toString());
            assertEquals(1, r.agent().reconnects(), r.agent().toString());
            Await.until(WAIT, "the second agent connection closed", () -> second.closed);
        }
    }

    private static SipMsg answer(TestUac uac, int rtpPort) throws Exception {
        uac.inviteSdp(Sdp.pcmuOffer(rtpPort));
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        return ok;
    }
}
