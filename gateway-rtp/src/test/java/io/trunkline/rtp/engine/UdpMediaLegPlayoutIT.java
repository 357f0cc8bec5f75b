package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.rtp.playout.Pacer;
import io.trunkline.rtp.testing.LoopbackPeer.Received;
import io.trunkline.rtp.testing.RtpPackets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Barge-in and hold on a real leg, over every available transport. */
class UdpMediaLegPlayoutIT {

    private static final byte SILENCE = (byte) 0xFF;
    private static final Duration RECEIVE = Duration.ofSeconds(2);

    static java.util.stream.Stream<UdpTransport> transports() {
        return LegFixture.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void clearStopsQueuedAudioAtTheNextPacket(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(36_400, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            byte[] twoSeconds = RtpPackets.ulawTone(0, 16_000);
            f.run(() -> {
                f.leg.start();
                f.leg.play(ByteBuffer.wrap(twoSeconds));
                f.leg.mark("end of the two seconds");
            });
            Received audio;
            do {
                audio = f.peer.expect(RECEIVE);
            } while (audio.silent(SILENCE));
            int audioSentBeforeClear = f.call(() -> {
                f.leg.clear();
                assertEquals(0, f.leg.queuedMillis());
                return f.listener.sentAudio.size();
            });
            assertEquals(List.of("end of the two seconds"), f.listener.marks,
                    "a mark is reported when the audio before it is cleared");
            int silent = 0;
            while (silent < 10) {
                Received r = f.peer.expect(RECEIVE);
                if (r.silent(SILENCE)) {
                    silent++;
                }
            }
            assertEquals(audioSentBeforeClear, f.listener.sentAudio.size(), "no queued audio sent after the clear");
            // New audio after a barge-in plays at once, as a new talk spurt.
            f.run(() -> f.leg.play(ByteBuffer.wrap(RtpPackets.ulawTone(0, 160))));
            Received r;
            do {
                r = f.peer.expect(RECEIVE);
            } while (r.silent(SILENCE));
            assertTrue(!r.silent(SILENCE) && r.marker(), "the new audio starts a marked talk spurt");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void digitsGoOutAsTelephoneEventsInTheAudioStream(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(38_900, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            f.run(f.leg::start);
            Received before = f.peer.expect(RECEIVE);
            assertTrue(f.call(() -> f.leg.sendDtmf("7*")));
            List<Received> packets = new ArrayList<>();
            int ends = 0;
            while (ends < 6) {
                Received r = f.peer.expect(RECEIVE);
                packets.add(r);
                if (r.payloadType() == RtpPackets.EVENT && (r.payload()[1] & 0x80) != 0) {
                    ends++;
                }
            }
            Received previous = before;
            List<Integer> events = new ArrayList<>();
            for (Received r : packets) {
                assertEquals((previous.sequence() + 1) & 0xffff, r.sequence(), "one sequence for audio and events");
                assertEquals(before.ssrc(), r.ssrc(), "one stream");
                if (r.payloadType() == RtpPackets.EVENT) {
                    assertEquals(4, r.payload().length);
                    if (r.marker()) {
                        events.add(r.payload()[0] & 0xff);
                        assertEquals((previous.timestamp() + 160) & 0xffff_ffffL, r.timestamp(),
                                "a key starts at the stream's clock");
                    } else {
                        assertEquals(previous.timestamp(), r.timestamp(), "every packet of a key has its start");
                    }
                }
                previous = r;
            }
            assertEquals(List.of(7, 10), events, "7 then *");
            assertEquals(14, packets.stream().filter(r -> r.payloadType() == RtpPackets.EVENT).count());
            f.run(f.leg::close);
            assertTrue(!f.call(() -> f.leg.sendDtmf("1")), "a closed leg sends nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void holdStopsSendingAndResumeContinuesTheSequence(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(36_600, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            f.run(f.leg::start);
            Received beforeHold = null;
            for (int i = 0; i < 5; i++) {
                beforeHold = f.peer.expect(RECEIVE);
            }
            MediaOffer hold = f.offer.withDirection(MediaDirection.SENDONLY);
            f.run(() -> f.leg.update(hold));
            // Drain what was sent before the hold; then nothing may come.
            List<Received> drained = new ArrayList<>();
            Received r;
            while ((r = f.peer.receive(Duration.ofMillis(300))) != null) {
                drained.add(r);
                assertTrue(drained.size() < 20, "packets keep coming during hold");
            }
            Received lastHeard = drained.isEmpty() ? beforeHold : drained.get(drained.size() - 1);
            long heldSince = System.nanoTime();

            f.run(() -> f.leg.update(f.offer));
            Received resumed = f.peer.expect(RECEIVE);
            assertEquals((lastHeard.sequence() + 1) & 0xffff, resumed.sequence(), "sequence continues after the hold");
            long ticks = ((resumed.timestamp() - lastHeard.timestamp()) & 0xffff_ffffL) / 160;
            long heldTicks = (resumed.arrivalNanos() - heldSince) / Pacer.PERIOD_NANOS;
            assertTrue(ticks >= heldTicks, "the timestamp kept running during the hold: " + ticks
                    + " ticks for at least " + heldTicks + " periods");
            Received next = f.peer.expect(RECEIVE);
            assertEquals((resumed.sequence() + 1) & 0xffff, next.sequence());
            assertEquals((resumed.timestamp() + 160) & 0xffff_ffffL, next.timestamp());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void inactiveOfferAndNullAddressHoldToo(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(36_800, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            f.run(() -> {
                f.leg.update(f.offer.withDirection(MediaDirection.INACTIVE));
                f.leg.start();
            });
            assertNull(f.peer.receive(Duration.ofMillis(200)), "nothing sent while inactive");
            f.run(() -> f.leg.update(f.offer));
            assertNotNull(f.peer.receive(RECEIVE), "sending once active again");

            // RFC 2543 hold: c=0.0.0.0
            MediaOffer nullAddress = new MediaOffer(new InetSocketAddress("0.0.0.0", f.offer.remoteRtp().getPort()),
                    f.offer.remoteRtcp(), f.offer.codec(), f.offer.payloadType(),
                    f.offer.telephoneEventPayloadType(), 20, MediaDirection.SENDRECV);
            f.run(() -> f.leg.update(nullAddress));
            int drained = 0;
            while (f.peer.receive(Duration.ofMillis(200)) != null) {
                assertTrue(++drained < 1000, "bounded drain");
            }
            f.run(() -> f.leg.update(f.offer));
            assertNotNull(f.peer.receive(RECEIVE), "sending again toward the real address");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aReformattedLegExchangesItsOwnCodecUnchangedBothWays(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(39_300, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCM16_16K)) {
            InetSocketAddress to = f.leg.localRtpAddress();
            byte[] first = RtpPackets.ulawTone(0, 160);
            byte[] second = RtpPackets.ulawTone(160, 160);
            f.run(() -> {
                f.leg.start();
                f.leg.play(ByteBuffer.allocate(AudioFormat.PCM16_16K.frameBytes() * 50)); // a second queued
            });
            f.peer.send(RtpPackets.rtp(true, RtpPackets.PCMU, 1, 0, 0x1234, first), to);
            io.trunkline.core.testing.Await.until(LegFixture.WAIT, "a frame in the agent's format",
                    () -> !f.listener.frames.isEmpty());
            assertEquals(AudioFormat.PCM16_16K.frameBytes(), f.listener.frames.get(0).length);

            f.run(() -> f.leg.reformat(AudioFormat.PCMU_8K));
            assertEquals(0, (int) f.call(f.leg::queuedMillis), "what was queued in the old format is dropped");
            f.peer.send(RtpPackets.rtp(false, RtpPackets.PCMU, 2, 160, 0x1234, second), to);
            io.trunkline.core.testing.Await.until(LegFixture.WAIT, "a frame in the leg's codec",
                    () -> f.listener.frames.size() == 2);
            assertArrayEquals(second, f.listener.frames.get(1), "the caller's payload, as it came");

            byte[] relayed = RtpPackets.ulawTone(320, 160);
            f.run(() -> f.leg.play(ByteBuffer.wrap(relayed)));
            Received r;
            do {
                r = f.peer.expect(RECEIVE);
            } while (r.silent(SILENCE));
            assertArrayEquals(relayed, r.payload(), "played in the leg's codec: sent as it was given");
        }
    }
}
