package io.trunkline.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.record.CallRecord;
import io.trunkline.core.testing.Await;
import io.trunkline.server.hostile.HostileGateway.Options;
import io.trunkline.server.testing.AgentLoops;
import io.trunkline.server.testing.RunningGateway;
import io.trunkline.server.testing.Sdp;
import io.trunkline.server.testing.TestAudio;
import io.trunkline.sip.uac.SipMsg;
import io.trunkline.sip.uac.TestUac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults injected at a live call's RTP and RTCP ports: random bytes, truncated and inconsistent headers, payload
 * types that were not negotiated, packets from a foreign address (127.0.0.2) while the call is latched, a flood at
 * ten times the packet rate, and valid packets with a flipped SSRC or jumped sequence number and timestamp. Every
 * bad packet must be dropped and counted by reason ({@code gateway.media.dropped}), and every tone packet the caller
 * sent must still reach the agent as audio.
 */
class HostileRtpIT {
    static final long SEED = 4_711L;
    static final int TONE_MILLIS = 8000;
    static final int TONE_PACKETS = TONE_MILLIS / 20;
    /** The flood: ten packets per 20 ms (ten times a call's rate) for 2 s. */
    static final int FLOOD_TICKS = 100;
    static final int FLOOD_PER_TICK = 10;
    static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final AgentLoops agentLoops = new AgentLoops(1);

    @Test
    void injectedRtpAndRtcpFaultsAreCountedAndDroppedWhileTheCallsAudioReachesTheAgent() throws Exception {
        long started = System.nanoTime();
        try (EchoAgent agent = new EchoAgent(agentLoops.group());
                RunningGateway gw = HostileGateway.start(Options.of(agent.uri()));
                MediaCaller caller = new MediaCaller();
                DatagramSocket foreign = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                TestUac uac = gw.uac()) {
            uac.inviteSdp(Sdp.pcmuOffer(caller.port()));
            SipMsg ok = uac.awaitResponse(200, "INVITE");
            uac.ack(true);
            InetSocketAddress rtp = Sdp.audioAddress(ok.body());
            InetSocketAddress rtcp = new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
            caller.start(rtp, TestAudio.ulawTone(1000, -12, TONE_MILLIS));
            EchoAgent.Session session = agent.awaitSession(0);
            // Latched: the agent hears the caller.
            Await.until(WAIT, "the first caller audio at the agent", () -> session.audibleFrames.get() >= 5);

            Random random = new Random(SEED);
            Map<String, Integer> faults = new LinkedHashMap<>();
            Sender fromCaller = caller::inject;
            Sender fromForeign = (b, to) -> foreign.send(new DatagramPacket(b, b.length, to));
            DropCheck drops = new DropCheck(gw);

            // Random bytes (any version but 2, so none is taken for RTP).
            for (int i = 0; i < 100; i++) {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                b[0] = (byte) ((b[0] & 0x3f) | (new int[] {0, 1, 3}[random.nextInt(3)] << 6));
                drops.send(fromCaller, b, rtp, DropCheck.MALFORMED);
            }
            faults.put("rtp random bytes", 100);

            // Truncated and inconsistent headers.
            for (int n = 1; n < 12; n++) {
                drops.send(fromCaller, Arrays.copyOf(MediaCaller.rtp(0, 1, 1, caller.ssrc(), new byte[0]), n), rtp,
                        DropCheck.MALFORMED);
            }
            drops.send(fromCaller, header(0x8f, 0, 12), rtp, DropCheck.MALFORMED); // 15 CSRCs announced, none there
            drops.send(fromCaller, extensionBeyondLength(), rtp, DropCheck.MALFORMED);
            drops.send(fromCaller, padding(0), rtp, DropCheck.MALFORMED);
            drops.send(fromCaller, padding(200), rtp, DropCheck.MALFORMED);
            faults.put("rtp truncated or inconsistent headers", 15);

            // Payload types that were not negotiated, from the caller's own address and stream.
            for (int pt : new int[] {8, 9, 13, 18, 96, 100, 127}) {
                for (int i = 0; i < 10; i++) {
                    drops.send(fromCaller, MediaCaller.rtp(pt, caller.nextSequence(), caller.nextTimestamp(),
                            caller.ssrc(), loud()), rtp, DropCheck.PAYLOAD_TYPE);
                }
            }
            faults.put("rtp wrong payload types", 70);

            // A foreign address, with the caller's own stream identity and loud audio.
            for (int i = 0; i < 50; i++) {
                drops.send(fromForeign, MediaCaller.rtp(0, caller.nextSequence(), caller.nextTimestamp(),
                        caller.ssrc(), loud()), rtp, DropCheck.SOURCE);
            }
            faults.put("rtp from 127.0.0.2", 50);
            drops.settle();
            drops.assertExact();

            // RTCP: garbage from the caller's address and well-formed reports from a foreign one.
            int rtcpFaults = 0;
            for (int i = 0; i < 50; i++) {
                byte[] b = new byte[1 + random.nextInt(200)];
                random.nextBytes(b);
                caller.inject(b, rtcp);
                rtcpFaults++;
            }
            for (int n = 1; n < 8; n++) {
                caller.inject(Arrays.copyOf(receiverReport(), n), rtcp);
                rtcpFaults++;
            }
            byte[] rr = receiverReport();
            for (int i = 0; i < 20; i++) {
                fromForeign.send(rr, rtcp);
                rtcpFaults++;
            }
            faults.put("rtcp garbage, truncated, foreign", rtcpFaults);
            // The 7 truncated and 20 foreign reports are dropped for certain, the random bytes all but always.
            int rtcpCertain = 7 + 20;
            int rtcpSent = rtcpFaults;
            Await.until(WAIT, "RTCP drops counted", () -> rtcpDropped(gw) >= rtcpCertain);
            assertTrue(rtcpDropped(gw) <= rtcpSent, "RTCP drops " + rtcpDropped(gw) + " of " + rtcpSent);

            // The flood: 10x the packet rate for 2 s, half wrong payload type from the caller, half foreign.
            DropCheck.Totals beforeFlood = drops.counted();
            AtomicInteger ticks = new AtomicInteger();
            ScheduledExecutorService flood = Executors.newSingleThreadScheduledExecutor();
            try {
                flood.scheduleAtFixedRate(() -> {
                    if (ticks.get() >= FLOOD_TICKS) {
                        return;
                    }
                    try {
                        for (int i = 0; i < FLOOD_PER_TICK / 2; i++) {
                            fromCaller.send(MediaCaller.rtp(8, caller.nextSequence(), caller.nextTimestamp(),
                                    caller.ssrc(), loud()), rtp);
                            fromForeign.send(MediaCaller.rtp(0, caller.nextSequence(), caller.nextTimestamp(),
                                    caller.ssrc(), loud()), rtp);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    ticks.incrementAndGet();
                }, 0, 20, TimeUnit.MILLISECONDS);
                Await.until(WAIT, "the flood sent", () -> ticks.get() >= FLOOD_TICKS);
            } finally {
                flood.shutdownNow();
            }
            int floodEach = FLOOD_TICKS * FLOOD_PER_TICK / 2;
            faults.put("flood packets (2 s at 10x)", 2 * floodEach);
            // Whatever the kernel did not drop first (a full socket buffer) the gateway must count.
            Await.until(WAIT, "the flood counted (" + drops.counted() + ")", () -> {
                DropCheck.Totals now = drops.counted();
                return now.payloadType() - beforeFlood.payloadType() >= floodEach * 95 / 100
                        && now.source() - beforeFlood.source() >= floodEach * 95 / 100;
            });
            DropCheck.Totals afterFlood = drops.counted();
            assertTrue(afterFlood.payloadType() - beforeFlood.payloadType() <= floodEach, afterFlood.toString());
            assertTrue(afterFlood.source() - beforeFlood.source() <= floodEach, afterFlood.toString());
            assertEquals(beforeFlood.malformed(), afterFlood.malformed(), "no flood packet is malformed");

            // Valid packets that break the stream's continuity: silence, so they add no audible frame.
            int continuity = 0;
            for (long otherSsrc : new long[] {0x1L, 0xffff_ffffL, 0x1234_5678L}) {
                caller.inject(MediaCaller.rtp(0, caller.nextSequence(), caller.nextTimestamp(), otherSsrc,
                        silence()), rtp);
                continuity++;
            }
            caller.inject(MediaCaller.rtp(0, (caller.nextSequence() + 20_000) & 0xffff, caller.nextTimestamp(),
                    caller.ssrc(), silence()), rtp);
            caller.inject(MediaCaller.rtp(0, caller.nextSequence(), (caller.nextTimestamp() + 1_000_000_000L)
                    & 0xffff_ffffL, caller.ssrc(), silence()), rtp);
            continuity += 2;
            faults.put("ssrc flips, sequence and timestamp jumps", continuity);
            int injectedValid = continuity;

            Await.until(WAIT, "the whole tone sent", () -> caller.audioSent() >= TONE_PACKETS);
            caller.stop();
            Await.until(WAIT, "every tone packet at the agent (has " + session.audibleFrames + ")",
                    () -> session.audibleFrames.get() >= TONE_PACKETS);
            long echoed = caller.audibleReceived();
            uac.bye();
            uac.awaitResponse(200, "BYE");
            CallRecord r = gw.awaitRecord(uac.callId());
            assertEquals(EndReason.CALLER_HANGUP, r.endReason(), r.toString());
            // Every tone packet arrived as audio; an injected silent packet may carry the resampler's tail.
            long audible = session.audibleFrames.get();
            assertTrue(audible >= TONE_PACKETS && audible <= TONE_PACKETS + injectedValid,
                    "audible frames at the agent: " + audible + " for " + TONE_PACKETS + " tone packets");
            assertTrue(r.inbound().packets() >= TONE_PACKETS, "packets accepted: " + r.inbound());
            assertTrue(echoed >= TONE_PACKETS * 9 / 10, "echo back at the caller: " + echoed);
            // The timestamp jump is a break in the timeline, not network jitter.
            assertTrue(r.inbound().jitterMaxMs() < 100, "jitter in the record: " + r.inbound());

            int total = faults.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("HostileRtpIT: %d faults injected in %d ms: %s%n  counted drops: %s (before the flood "
                    + "%s); agent got %d frames (%d audible) for %d tone packets; record inbound %s%n",
                    total, (System.nanoTime() - started) / 1_000_000, faults, drops.counted(), beforeFlood,
                    session.frames.get(), session.audibleFrames.get(), TONE_PACKETS, r.inbound());
        }
    }

    /** Sends one datagram from some address. */
    @FunctionalInterface
    interface Sender {
        void send(byte[] datagram, InetSocketAddress to) throws IOException;
    }

    /**
     * Sends bad packets a few at a time, waiting after each few until the gateway has counted them, so that no
     * socket buffer overflows and every count can be exact.
     */
    static final class DropCheck {
        static final String MALFORMED = "malformed";
        static final String PAYLOAD_TYPE = "payload-type";
        static final String SOURCE = "source";
        private static final int BURST = 10;

        /** The gateway's drop counters. */
        record Totals(long malformed, long payloadType, long source) {
        }

        private final RunningGateway gw;
        private final Map<String, Integer> sent = new LinkedHashMap<>(Map.of(MALFORMED, 0, PAYLOAD_TYPE, 0,
                SOURCE, 0));
        private int unsettled;

        DropCheck(RunningGateway gw) {
            this.gw = gw;
        }

        void send(Sender sender, byte[] datagram, InetSocketAddress to, String reason) throws IOException {
            sender.send(datagram, to);
            sent.merge(reason, 1, Integer::sum);
            if (++unsettled == BURST) {
                settle();
            }
        }

        /** Waits until the gateway counted every packet sent through here. */
        void settle() {
            Await.until(WAIT, "every bad packet counted: sent " + sent + ", counted " + counted(), () -> {
                Totals t = counted();
                return t.malformed() >= sent.get(MALFORMED) && t.payloadType() >= sent.get(PAYLOAD_TYPE)
                        && t.source() >= sent.get(SOURCE);
            });
            unsettled = 0;
        }

        void assertExact() {
            Totals t = counted();
            assertEquals((long) sent.get(MALFORMED), t.malformed(), "malformed drops");
            assertEquals((long) sent.get(PAYLOAD_TYPE), t.payloadType(), "payload type drops");
            assertEquals((long) sent.get(SOURCE), t.source(), "source drops");
        }

        Totals counted() {
            return new Totals((long) HostileGateway.rtpDropped(gw, MALFORMED),
                    (long) HostileGateway.rtpDropped(gw, PAYLOAD_TYPE), (long) HostileGateway.rtpDropped(gw, SOURCE));
        }
    }

    /** RTCP datagrams the gateway dropped, foreign or malformed. */
    private static double rtcpDropped(RunningGateway gw) {
        return HostileGateway.rtpDropped(gw, "rtcp-malformed") + HostileGateway.rtpDropped(gw, "rtcp-source");
    }

    private static byte[] loud() {
        byte[] b = TestAudio.ulawTone(440, -6, 20);
        return Arrays.copyOf(b, MediaCaller.FRAME);
    }

    private static byte[] silence() {
        byte[] b = new byte[MediaCaller.FRAME];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    private static byte[] header(int first, int second, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) first;
        b[1] = (byte) second;
        return b;
    }

    private static byte[] extensionBeyondLength() {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put((byte) 0x90).put((byte) 0).putShort((short) 1).putInt(0).putInt(1);
        b.putShort((short) 0xBEDE).putShort((short) 100); // 400 extension bytes announced
        return b.array();
    }

    private static byte[] padding(int count) {
        byte[] b = MediaCaller.rtp(0, 1, 1, 1, new byte[20]);
        b[0] |= 0x20;
        b[b.length - 1] = (byte) count;
        return b;
    }

    private static byte[] receiverReport() {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(0x5eed5eed);
        return b.array();
    }
}
