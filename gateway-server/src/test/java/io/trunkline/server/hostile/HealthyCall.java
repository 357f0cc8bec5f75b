package io.trunkline.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.testing.CallerRtp;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A well-behaved call that runs while a test attacks the gateway: a SIP client and an RTP endpoint that streams a
 * 1 kHz tone to an echoing agent. At the end it checks that none of its audio was lost on the way to the agent and
 * that the echo came back.
 */
final class HealthyCall implements AutoCloseable {
    /** PCM16 at 16 kHz: the agent's share of one 20 ms packet. */
    static final int AGENT_FRAME_BYTES = 640;
    private static final int TONE_MILLIS = 120_000;

    private final RunningGateway gw;
    private final EchoAgent.Session agent;
    final TestUac uac;
    final CallerRtp rtp;
    final InetSocketAddress gatewayRtp;

    private HealthyCall(RunningGateway gw, EchoAgent.Session agent, TestUac uac, CallerRtp rtp,
            InetSocketAddress gatewayRtp) {
        this.gw = gw;
        this.agent = agent;
        this.uac = uac;
        this.rtp = rtp;
        this.gatewayRtp = gatewayRtp;
    }

    /** Places the call to {@code gw}, whose agent is {@code agents}, and starts the tone once answered. */
    static HealthyCall start(RunningGateway gw, EchoAgent agents) throws IOException {
        int sessionsBefore = agents.sessions().size();
        TestUac uac = gw.uac();
        CallerRtp rtp = new CallerRtp();
        uac.inviteSdp(Sdp.pcmuOffer(rtp.port()));
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        uac.ack(true);
        InetSocketAddress gatewayRtp = Sdp.audioAddress(ok.body());
        rtp.play(TestAudio.ulawTone(1000, -12, TONE_MILLIS));
        rtp.start(gatewayRtp, true);
        return new HealthyCall(gw, agents.awaitSession(sessionsBefore), uac, rtp, gatewayRtp);
    }

    /** The gateway's RTCP port for this call. */
    InetSocketAddress gatewayRtcp() {
        return new InetSocketAddress(gatewayRtp.getAddress(), gatewayRtp.getPort() + 1);
    }

    /** Caller packets sent so far. */
    int sent() {
        return rtp.audioPacketsSent();
    }

    /**
     * Stops the caller's audio, waits until the agent has every frame, hangs up and checks the record: all packets
     * arrived, none lost, every one reached the agent as audio, and the echo came back.
     *
     * @return a one-line summary of the figures
     */
    String finishAndCheck() throws IOException {
        rtp.stopSending();
        int sent = rtp.audioPacketsSent();
        Await.until(Duration.ofSeconds(10), "the agent received all " + sent + " frames (has "
                + agent.frames.get() + ")", () -> agent.bytes.get() >= (long) AGENT_FRAME_BYTES * sent);
        long echoed = rtp.audibleCount();
        uac.bye();
        uac.awaitResponse(200, "BYE");
        CallRecord r = gw.awaitRecord(uac.callId());
        assertEquals(EndReason.CALLER_HANGUP, r.endReason(), r.toString());
        assertEquals(sent, r.inbound().packets(), "caller packets the gateway accepted: " + r.inbound());
        assertEquals(0, r.inbound().lost(), "caller packets lost: " + r.inbound());
        assertEquals((long) AGENT_FRAME_BYTES * sent, agent.bytes.get(), "audio bytes at the agent");
        assertTrue(agent.audibleFrames.get() >= sent - 2, "audible frames at the agent: " + agent.audibleFrames
                + " of " + sent);
        assertTrue(echoed >= sent * 9 / 10, "echo packets back at the caller: " + echoed + " of " + sent);
        return "healthy call: " + sent + " packets sent, " + r.inbound().packets() + " accepted, "
                + r.inbound().lost() + " lost, " + agent.frames.get() + " frames (" + agent.audibleFrames
                + " audible) at the agent, " + echoed + " audible packets echoed back";
    }

    @Override
    public void close() {
        rtp.close();
        uac.close();
    }
}
