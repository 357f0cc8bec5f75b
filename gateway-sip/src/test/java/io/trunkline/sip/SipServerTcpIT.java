package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.testing.Await;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TcpTransport;
import io.trunkline.sip.uac.TestUac;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UAS over loopback TCP: responses and our BYE travel on the caller's connection. */
class SipServerTcpIT {
    static FakeBridge bridge;
    static SipServer server;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        bridge = new FakeBridge();
        port = TestPorts.freePort();
        server = new SipServer(SipServerIT.config(port, Set.of("udp", "tcp")), SipServerIT.MEDIA_ADDRESS, bridge);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
        bridge.close();
    }

    private FakeBridge.Call establish(TestUac uac) throws Exception {
        uac.inviteSdp(SipServerIT.TWILIO_SDP);
        uac.awaitResponse(100, "INVITE");
        SipMsg ok = uac.awaitResponse(200, "INVITE");
        assertTrue(ok.header("Contact").contains("transport=tcp"), ok.header("Contact"));
        assertTrue(ok.body().contains("m=audio 40000 RTP/AVP 0 101\r\n"), ok.body());
        uac.ack(true);
        FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
        Await.until(TestUac.WAIT, "ACK reported", () -> call.events.contains("ack"));
        return call;
    }

    @Test
    void callOverTcpEndedByTheGateway() throws Exception {
        try (TestUac uac = new TestUac(new TcpTransport(port), port)) {
            FakeBridge.Call call = establish(uac);
            call.leg.hangup(EndReason.MAX_DURATION);
            SipMsg bye = uac.awaitRequest("BYE");
            assertTrue(bye.header("Via").startsWith("SIP/2.0/TCP"), bye.header("Via"));
            assertTrue(bye.header("Reason").contains("maximum call duration reached"), bye.header("Reason"));
            uac.respond(bye, 200, "OK");
            Await.until(TestUac.WAIT, "BYE completion", () -> call.events.contains("byeSent"));
            assertEquals(List.of("ack", "byeSent"), call.events);
            Await.until(TestUac.WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
        }
    }

    @Test
    void callOverTcpEndedByTheCaller() throws Exception {
        try (TestUac uac = new TestUac(new TcpTransport(port), port)) {
            FakeBridge.Call call = establish(uac);
            uac.bye();
            uac.awaitResponse(200, "BYE");
            Await.until(TestUac.WAIT, "BYE reported", () -> call.events.contains("bye"));
            uac.newCall();
            uac.send("OPTIONS");
            uac.awaitResponse(200, "OPTIONS");
            Await.until(TestUac.WAIT, "no dialogs left", () -> server.activeDialogs() == 0);
        }
    }
}
