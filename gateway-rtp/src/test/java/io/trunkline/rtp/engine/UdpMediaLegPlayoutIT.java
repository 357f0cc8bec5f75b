package io.trunkline.rtp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import io.trunkline.rtp.engine.LoopbackPeer.Received;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
            AtomicBoolean markRan = new AtomicBoolean();
            f.run(() -> {
                f.leg.start();
                f.leg.play(ByteBuffer.wrap(twoSeconds));
                f.leg.whenPlayedOut(() -> markRan.set(true));
            });
            Received audio;
            do {
                audio = f.peer.expect(RECEIVE);
            } while (audio.silent(SILENCE));
            int firstAfterClear = f.call(() -> {
                f.leg.clear();
                assertEquals(0, f.leg.queuedMillis());
                return f.leg.pacer().nextSequence();
            });
            assertTrue(markRan.get(), "a mark completes when the audio before it is cleared");
            assertTrue(f.call(f.leg::queuedMillis) == 0);
            int checked = 0;
            while (checked < 10) {
                Received r = f.peer.expect(RECEIVE);
                if (UdpMediaLegPacingIT.seqDistance(firstAfterClear, r.sequence()) >= 0) {
                    assertTrue(r.silent(SILENCE), "no queued audio after the clear, packet " + r.sequence());
                    checked++;
                }
            }
            // New audio after a barge-in plays at once, as a new talk spurt.
            int next = f.call(() -> {
                f.leg.play(ByteBuffer.wrap(RtpPackets.ulawTone(0, 160)));
                return f.leg.pacer().nextSequence();
            });
            Received r;
            do {
                r = f.peer.expect(RECEIVE);
            } while (UdpMediaLegPacingIT.seqDistance(next, r.sequence()) < 0);
            assertTrue(!r.silent(SILENCE) && r.marker(), "the new audio starts a marked talk spurt");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void holdStopsSendingAndResumeContinuesTheSequence(UdpTransport transport) {
        try (LegFixture f = new LegFixture(transport, LegFixture.config(36_600, 50, true, Duration.ofSeconds(30)),
                AudioFormat.PCMU_8K)) {
            f.run(f.leg::start);
            for (int i = 0; i < 5; i++) {
                f.peer.expect(RECEIVE);
            }
            MediaOffer hold = f.offer.withDirection(MediaDirection.SENDONLY);
            int lastBeforeHold = f.call(() -> {
                f.leg.update(hold);
                return (f.leg.pacer().nextSequence() - 1) & 0xffff;
            });
            // Drain what was sent before the hold; then nothing may come.
            List<Received> drained = new ArrayList<>();
            Received r;
            while ((r = f.peer.receive(Duration.ofMillis(300))) != null) {
                drained.add(r);
                assertTrue(UdpMediaLegPacingIT.seqDistance(lastBeforeHold, r.sequence()) <= 0,
                        "sent during hold: " + r.sequence());
                assertTrue(drained.size() < 20, "packets keep coming during hold");
            }
            Received lastHeard = drained.isEmpty() ? null : drained.get(drained.size() - 1);
            long heldSince = System.nanoTime();

            f.run(() -> f.leg.update(f.offer));
            Received resumed = f.peer.expect(RECEIVE);
            assertEquals((lastBeforeHold + 1) & 0xffff, resumed.sequence(), "sequence continues after the hold");
            if (lastHeard != null) {
                long ticks = ((resumed.timestamp() - lastHeard.timestamp()) & 0xffff_ffffL) / 160;
                long heldTicks = (resumed.arrivalNanos() - heldSince) / Pacer.PERIOD_NANOS;
                assertTrue(ticks >= heldTicks, "the timestamp kept running during the hold: " + ticks
                        + " ticks for at least " + heldTicks + " periods");
            }
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
}
