package io.trunkline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.testing.Await;
import io.trunkline.sip.stack.StackTuning;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TcpTransport;
import io.trunkline.sip.uac.TestUac;
import io.trunkline.sip.uac.UdpTransport;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start, stop, bind failures, several servers in one JVM, and the ACK timeout. */
class SipServerLifecycleIT {
    private final FakeBridge bridge = new FakeBridge();
    private SipServer a;
    private SipServer b;

    @AfterEach
    void tearDown() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        bridge.close();
    }

    @Test
    void takenUdpPortFailsLoudly() throws Exception {
        int port = TestPorts.freePort();
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertTrue(taken.isBound());
            a = new SipServer(SipServerIT.config(port, Set.of("udp")), "127.0.0.1", bridge);
            SipBindException e = assertThrows(SipBindException.class, a::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + port + "/udp"), e.getMessage());
            assertFalse(a.isBound());
        }
    }

    @Test
    void takenTcpPortFailsLoudlyAndReleasesTheUdpPort() throws Exception {
        int port = TestPorts.freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(taken.isBound());
            a = new SipServer(SipServerIT.config(port, Set.of("udp", "tcp")), "127.0.0.1", bridge);
            SipBindException e = assertThrows(SipBindException.class, a::start);
            assertTrue(e.getMessage().contains("/tcp"), e.getMessage());
            assertFalse(a.isBound());
        }
        // The UDP socket opened before the failure was closed again.
        Await.until(Duration.ofSeconds(10), "UDP port released", () -> canBindUdp(port));
    }

    @Test
    void stopReleasesBothPortsPromptly() throws Exception {
        int port = TestPorts.freePort();
        a = new SipServer(SipServerIT.config(port, Set.of("udp", "tcp")), "127.0.0.1", bridge,
                new StackTuning(64, Duration.ofSeconds(3), 5));
        a.start();
        assertThrows(IllegalStateException.class, a::start);
        assertFalse(canBindUdp(port));
        long start = System.nanoTime();
        a.stop();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 10_000, "stop is bounded, took " + tookMillis + " ms");
        assertFalse(a.isBound());
        Await.until(Duration.ofSeconds(10), "UDP port released", () -> canBindUdp(port));
        Await.until(Duration.ofSeconds(10), "TCP port released", () -> canBindTcp(port));
        a.stop(); // idempotent
    }

    @Test
    void stopEndsEveryStackThreadIncludingTheEventScanner() throws Exception {
        long scannersBefore = threadsNamed("EventScannerThread");
        int port = TestPorts.freePort();
        a = new SipServer(SipServerIT.config(port, Set.of("udp", "tcp")), "127.0.0.1", bridge);
        a.start();
        assertTrue(threadsNamed("EventScannerThread") > scannersBefore);
        assertTrue(threadsNamed("/" + port) > 0, "message processor threads are named after the port");
        a.stop();
        Await.until(Duration.ofSeconds(10), "event scanner ended",
                () -> threadsNamed("EventScannerThread") <= scannersBefore);
        Await.until(Duration.ofSeconds(10), "message processors ended", () -> threadsNamed("/" + port) == 0);
    }

    private static long threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains(part)).count();
    }

    @Test
    void twoServersInOneJvmAreIndependent() throws Exception {
        int portA = TestPorts.freePort();
        int portB = TestPorts.freePort();
        FakeBridge other = new FakeBridge();
        try {
            a = new SipServer(SipServerIT.config(portA, Set.of("udp", "tcp")), "127.0.0.1", bridge);
            b = new SipServer(SipServerIT.config(portB, Set.of("udp", "tcp")), "127.0.0.1", other);
            a.start();
            b.start();
            other.accepting = false;
            try (TestUac toA = new TestUac(new UdpTransport(portA), portA);
                    TestUac toB = new TestUac(new UdpTransport(portB), portB)) {
                toA.send("OPTIONS");
                toA.awaitResponse(200, "OPTIONS");
                toB.send("OPTIONS");
                toB.awaitResponse(503, "OPTIONS");
                b.stop();
                toA.send("OPTIONS");
                toA.awaitResponse(200, "OPTIONS");
            }
            // Stopping one stack must not take shared machinery of the other down (TCP parsing included).
            try (TestUac overTcp = new TestUac(new TcpTransport(portA), portA)) {
                overTcp.send("OPTIONS");
                overTcp.awaitResponse(200, "OPTIONS");
            }
        } finally {
            other.close();
        }
    }

    @Test
    void missingAckIsReportedAndTheBridgeCanHangUp() throws Exception {
        int port = TestPorts.freePort();
        a = new SipServer(SipServerIT.config(port, Set.of("udp")), "127.0.0.1", bridge,
                new StackTuning(4, Duration.ofSeconds(5), 5));
        a.start();
        try (TestUac uac = new TestUac(new UdpTransport(port), port)) {
            uac.inviteSdp(SipServerIT.TWILIO_SDP);
            uac.awaitResponse(200, "INVITE");
            // no ACK: the 200 is retransmitted, then the dialog reports the missing ACK
            uac.awaitResponse(200, "INVITE");
            FakeBridge.Call call = bridge.calls(uac.callId()).get(0);
            Await.until(Duration.ofSeconds(20), "ACK timeout reported", () -> call.events.contains("ackTimeout"));
            call.leg.hangup(EndReason.NO_ACK);
            SipMsg bye = uac.awaitRequest("BYE");
            assertTrue(bye.header("Reason").contains("no ACK for 200 OK"), bye.header("Reason"));
            uac.respond(bye, 200, "OK");
            Await.until(Duration.ofSeconds(10), "BYE completion", () -> call.events.contains("byeSent"));
            assertEquals(1, call.events.stream().filter("ackTimeout"::equals).count());
            assertFalse(call.events.contains("ack"));
            Await.until(Duration.ofSeconds(10), "no dialogs left", () -> a.activeDialogs() == 0);
        }
    }

    private static boolean canBindUdp(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return s.isBound();
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean canBindTcp(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
