package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.ConfigException;
import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.media.MediaLeg;
import io.trunkline.core.media.MediaPorts;
import io.trunkline.core.media.MediaStats;
import io.trunkline.core.media.PortsExhaustedException;
import io.trunkline.core.observe.DropReason;
import io.trunkline.core.testing.Await;
import io.trunkline.core.testing.TestCallLoop;
import io.trunkline.rtp.testing.RecordingListener;
import io.trunkline.rtp.testing.RtpPackets;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Port handling, teardown, inactivity and RTCP of legs opened by the engine on a real event loop. */
class RtpEngineIT {

    static Stream<UdpTransport> transports() {
        return LegFixture.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void openBindsAnEvenOddPairThatCloseReturns(UdpTransport transport) throws Exception {
        // Below Linux's ephemeral port range (32768 and up): no other socket of the machine can take the ports
        // between their release and the check that they are free.
        LegFixture f = new LegFixture(transport, LegFixture.config(28_000, 4, true, Duration.ofSeconds(30)),
                AudioFormat.PCM16_16K);
        int rtpPort = f.leg.localRtpAddress().getPort();
        try (f) {
            assertEquals(0, rtpPort % 2);
            assertTrue(rtpPort >= 28_000 && rtpPort < 28_008, "in the range: " + rtpPort);
            assertEquals(new InetSocketAddress("127.0.0.1", rtpPort), f.leg.localRtpAddress());
            assertEquals(1, f.engine.portPairsInUse());
            assertEquals(4, f.engine.portPairsTotal());
            assertPortTaken(rtpPort);
            assertPortTaken(rtpPort + 1);
            f.run(() -> {
                f.leg.close();
                f.leg.close(); // idempotent
            });
            Await.until(LegFixture.WAIT, "ports returned", () -> f.engine.portPairsInUse() == 0);
            // The close future can complete a moment before the kernel has let go of the socket.
            Await.until(LegFixture.WAIT, "RTP port free", () -> portFree(rtpPort));
            Await.until(LegFixture.WAIT, "RTCP port free", () -> portFree(rtpPort + 1));
            MediaStats stats = f.call(f.leg::stats);
            assertNotNull(stats, "stats stay readable after close, for the call record");
            assertEquals(40, (int) f.call(() -> f.leg.play(ByteBuffer.allocate(40))), "nothing queued once closed");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void legsOnOneEventLoopShareItsPacerClockWhateverWrapsTheLoop(UdpTransport transport) throws Exception {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_200, 4, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            // A second leg, opened through another CallLoop object around the same Netty loop.
            MediaLeg second = f.call(() -> f.engine.open("second", new TestCallLoop(f.eventLoop), f.offer,
                    AudioFormat.PCMU_8K, new RecordingListener()));
            assertEquals(1, (int) f.call(f.engine::pacerClocks), "one clock per event loop");
            f.run(second::close);
            assertEquals(1, (int) f.call(f.engine::pacerClocks), "the first leg still uses it");
            f.run(f.leg::close);
            assertEquals(0, (int) f.call(f.engine::pacerClocks), "removed with the loop's last call");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void pairTakenByAnotherProcessIsSkippedAndExhaustionIsReported(UdpTransport transport) throws Exception {
        RtpConfig config = LegFixture.config(38_100, 2, true, Duration.ofSeconds(30));
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.0.1", 38_101));
             LegFixture f = new LegFixture(transport, config, AudioFormat.PCMU_8K)) {
            assertNotNull(squatter);
            assertEquals(38_102, f.leg.localRtpAddress().getPort(), "the pair whose RTCP port was taken is skipped");
            Throwable failure = f.call(() -> {
                try {
                    f.engine.open("second", f.loop, f.offer, AudioFormat.PCMU_8K, new RecordingListener());
                    return null;
                } catch (PortsExhaustedException e) {
                    return e;
                }
            });
            assertInstanceOf(PortsExhaustedException.class, failure);
            assertEquals(1, f.engine.portPairsInUse(), "a failed open keeps nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void reservedPortsAreOfferedFirstAndTheLegOpensOnThemOnceTheAnswerIsKnown(UdpTransport transport)
            throws Exception {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_400, 4, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            MediaPorts released = f.call(() -> f.engine.reserve("released", f.loop));
            assertEquals(2, f.engine.portPairsInUse(), "reserved like an open leg's");
            f.run(released::release);
            f.run(released::release); // idempotent
            assertEquals(1, f.engine.portPairsInUse());

            MediaPorts reserved = f.call(() -> f.engine.reserve("outbound", f.loop));
            int offered = reserved.localRtpAddress().getPort();
            MediaLeg leg = f.call(() -> reserved.open(f.offer, AudioFormat.PCMU_8K, new RecordingListener()));
            assertEquals(offered, leg.localRtpAddress().getPort(), "the leg uses the port the offer named");
            f.run(reserved::release); // the leg owns the ports now: nothing happens
            assertEquals(2, f.engine.portPairsInUse());
            AssertionError twice = assertThrows(AssertionError.class, () -> f.call(() -> reserved.open(f.offer,
                    AudioFormat.PCMU_8K, new RecordingListener())));
            assertInstanceOf(IllegalStateException.class, twice.getCause().getCause(), "one leg per reservation");
            f.run(leg::close);
            Await.until(LegFixture.WAIT, "ports returned", () -> f.engine.portPairsInUse() == 1);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void earlyMediaOnReservedPortsIsDroppedAndNeverReachesTheAnsweredCall(UdpTransport transport) throws Exception {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_500, 4, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            RtpEngine.ReservedPorts reserved = (RtpEngine.ReservedPorts) f.call(() -> f.engine.reserve("early",
                    f.loop));
            InetSocketAddress port = f.call(reserved::localRtpAddress);
            for (int i = 0; i < 5; i++) {
                f.peer.send(RtpPackets.rtp(false, 0, 100 + i, 160L * i, 7, RtpPackets.ulawTone(0, 160)), port);
            }
            Await.until(LegFixture.WAIT, "early media read and dropped",
                    () -> f.call(reserved::earlyMediaDropped) == 5);

            RecordingListener listener = new RecordingListener();
            MediaLeg leg = f.call(() -> reserved.open(f.offer, AudioFormat.PCMU_8K, listener));
            f.run(leg::start);
            for (int i = 5; i < 8; i++) {
                f.peer.send(RtpPackets.rtp(false, 0, 100 + i, 160L * i, 7, RtpPackets.ulawTone(0, 160)), port);
            }
            Await.until(LegFixture.WAIT, "the answered call's audio", () -> listener.frames.size() >= 3);
            assertEquals(3, listener.frames.size(), "none of the early media came through");
            f.run(leg::close);
        }
    }

    @Test
    void openOffTheLoopIsRefused() {
        try (LegFixture f = new LegFixture(UdpTransport.NIO, LegFixture.config(38_200, 2, true,
                Duration.ofSeconds(30)), AudioFormat.PCMU_8K)) {
            assertThrows(IllegalStateException.class,
                    () -> f.engine.open("x", f.loop, f.offer, AudioFormat.PCMU_8K, new RecordingListener()));
            assertThrows(IllegalStateException.class, () -> f.leg.play(ByteBuffer.allocate(2)));
            assertEquals(1, f.engine.portPairsInUse());
        }
    }

    @Test
    void bindAddressMustBelongToThisHost() {
        RtpConfig foreign = new RtpConfig("192.0.2.1", null, 38_300, 38_309, true, Duration.ofSeconds(30), 1000, 1);
        ConfigException e = assertThrows(ConfigException.class, () -> new RtpEngine(foreign, UdpTransport.NIO));
        assertEquals("rtp.bind-address", e.key());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void silenceFromTheCallerEndsInOneInactivityReport(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_400, 2, true, Duration.ofMillis(300)),
                AudioFormat.PCMU_8K)) {
            long started = System.nanoTime();
            f.run(f.leg::start);
            Await.until(LegFixture.WAIT, "inactivity reported", () -> f.listener.inactivity.get() > 0);
            assertTrue(System.nanoTime() - started >= 300_000_000L, "not before the timeout");
            assertEquals(1, f.listener.inactivity.get());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void farEndReportsAboutOurStreamAreKept(UdpTransport transport) throws Exception {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_500, 2, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K);
             DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            f.run(f.leg::start);
            long ourSsrc = f.peer.expect(Duration.ofSeconds(2)).ssrc();
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", f.leg.localRtpAddress().getPort() + 1);
            send(rtcp, new byte[] {(byte) 0x81, (byte) 201, 0, 1, 0, 0}, to); // length beyond the datagram
            send(stranger, receiverReport(ourSsrc, 3, 40), to);
            send(rtcp, receiverReport(0x1111L, 99, 400), to); // about someone else: ignored
            send(rtcp, receiverReport(ourSsrc, 5, 80), to);
            Await.until(LegFixture.WAIT, "report kept", () -> f.call(f.leg::stats).farEnd() != null);
            MediaStats stats = f.call(f.leg::stats);
            assertEquals(1, stats.farEnd().reports(), "only the report about our stream, from the media host");
            assertEquals(5, stats.farEnd().cumulativeLost());
            assertEquals(10.0, stats.farEnd().jitterMaxMs(), 1e-9, "80 units at 8 kHz");
            assertEquals(1, f.listener.drops(DropReason.RTCP_MALFORMED));
            assertEquals(1, f.listener.drops(DropReason.RTCP_SOURCE));
            assertEquals(5, stats.outbound().lost());
            assertEquals(10.0, stats.outbound().jitterMaxMs(), 1e-9, "80 units at 8 kHz");
            assertTrue(stats.outbound().packets() > 0);
        }
    }

    /** An RR from SSRC 0x0A0B0C0D with one block about {@code about}. */
    private static byte[] receiverReport(long about, int lost, long jitter) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(0x0A0B0C0D);
        b.putInt((int) about).putInt(lost & 0xffffff).putInt(1234).putInt((int) jitter).putInt(0).putInt(0);
        return b.array();
    }

    private static void send(DatagramSocket socket, byte[] datagram, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    private static void assertPortTaken(int port) {
        assertThrows(BindException.class, () -> new DatagramSocket(new InetSocketAddress("127.0.0.1", port)).close());
    }

    private static boolean portFree(int port) {
        try {
            new DatagramSocket(new InetSocketAddress("127.0.0.1", port)).close();
            return true;
        } catch (java.net.SocketException e) {
            return false;
        }
    }

}
