package io.trunkline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.trunkline.rtp.dtmf.TelephoneEvent;
import io.trunkline.rtp.testing.RecordingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Digits sent by the pacer as RFC 4733 events, in the one stream of sequence numbers and timestamps. */
class PacerDtmfTest {

    private static final long P = Pacer.PERIOD_NANOS;
    private static final long SSRC = 0x1234_5678L;
    private static final int FIRST_SEQUENCE = 65533;
    private static final long FIRST_TIMESTAMP = 0xffff_fe00L;

    /** One packet as the caller would parse it. */
    record Packet(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
        boolean event() {
            return payloadType == 101;
        }

        int eventCode() {
            return payload[0] & 0xff;
        }

        boolean end() {
            return (payload[1] & 0x80) != 0;
        }

        int duration() {
            return ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    private final List<Packet> sent = new ArrayList<>();
    private final PlayoutQueue queue = new PlayoutQueue(1600, 16000, name -> { });
    private final DtmfPlayout dtmf = new DtmfPlayout(101, SSRC);
    private final Pacer pacer = new Pacer(queue, new RtpPacketSink() {
        @Override
        public boolean send(boolean marker, int sequence, long timestamp, byte[] payload, int length) {
            sent.add(new Packet(0, marker, sequence, timestamp, SSRC, Arrays.copyOf(payload, length)));
            return true;
        }

        @Override
        public boolean sendPacket(byte[] packet, int length) {
            ByteBuf buf = Unpooled.wrappedBuffer(packet, 0, length);
            sent.add(new Packet(buf.getUnsignedByte(1) & 0x7f, (buf.getUnsignedByte(1) & 0x80) != 0,
                    buf.getUnsignedShort(2), buf.getUnsignedInt(4), buf.getUnsignedInt(8),
                    Arrays.copyOfRange(packet, 12, length)));
            return true;
        }
    }, (byte) 0xFF, FIRST_SEQUENCE, FIRST_TIMESTAMP, new RecordingListener());

    PacerDtmfTest() {
        pacer.dtmf(dtmf);
    }

    private void steps(int n) {
        long now = pacer.nextDeadline();
        for (int i = 0; i < n; i++) {
            now = pacer.tick(now);
        }
    }

    @Test
    void eachKeyIsAHundredMillisecondEventWithThreeEndPacketsThenAGap() {
        pacer.start(0);
        steps(2); // two silence packets
        assertTrue(dtmf.queue("5#"));
        steps(20);

        for (int i = 0; i < sent.size(); i++) {
            assertEquals((FIRST_SEQUENCE + i) & 0xffff, sent.get(i).sequence(), "one sequence, no gap, wraps");
            assertEquals(SSRC, sent.get(i).ssrc());
        }
        // Steps 2-8: the '5'; 9: audio (silence); 10-16: the '#'; then audio again.
        assertEventAt(2, 5, ts(2));
        assertFalse(sent.get(9).event(), "a gap between keys");
        assertEventAt(10, 11, ts(10));
        for (int i = 17; i < sent.size(); i++) {
            assertFalse(sent.get(i).event());
            assertEquals(ts(i), sent.get(i).timestamp(), "audio keeps the stream's clock after the events");
        }
        assertEquals(ts(1), sent.get(1).timestamp());
        assertEquals(2, dtmf.eventsSent());
        assertEquals(22, pacer.packetsSent());
        assertEquals(8 * 160 + 14 * TelephoneEvent.BYTES, pacer.payloadBytesSent(), "an event payload is 4 bytes");
    }

    /** Seven packets from {@code at}: durations 160..800, the marker on the first, the end three times. */
    private void assertEventAt(int at, int event, long timestamp) {
        int[] durations = {160, 320, 480, 640, 800, 800, 800};
        for (int k = 0; k < durations.length; k++) {
            Packet p = sent.get(at + k);
            assertTrue(p.event(), "packet " + (at + k) + " is an event");
            assertEquals(event, p.eventCode());
            assertEquals(k == 0, p.marker(), "marker on the first packet only");
            assertEquals(timestamp, p.timestamp(), "every packet carries the event's start");
            assertEquals(durations[k], p.duration());
            assertEquals(k >= 4, p.end(), "the end bit on the last three");
        }
    }

    private static long ts(int step) {
        return (FIRST_TIMESTAMP + 160L * step) & 0xffff_ffffL;
    }

    @Test
    void queuedAudioWaitsForTheEventAndResumesWithAMarker() {
        pacer.start(0);
        steps(1);
        byte[] speech = new byte[480];
        Arrays.fill(speech, (byte) 0x20);
        dtmf.queue("1");
        queue.offer(speech, 0, speech.length);
        steps(10);
        assertTrue(sent.get(1).event());
        assertTrue(sent.get(7).event());
        Packet resumed = sent.get(8);
        assertFalse(resumed.event());
        assertTrue(resumed.marker(), "the audio after an event starts a talk spurt");
        assertArrayEquals(Arrays.copyOf(speech, 160), resumed.payload(), "nothing queued was lost");
    }

    @Test
    void nothingIsSentOnHoldAndTheDigitsWait() {
        pacer.start(0);
        pacer.sending(false);
        dtmf.queue("9");
        steps(10);
        assertTrue(sent.isEmpty());
        assertEquals(1, dtmf.pending());
        pacer.sending(true);
        steps(1);
        assertTrue(sent.get(0).event());
        assertEquals(9, sent.get(0).eventCode());
    }

    @Test
    void refusesWithoutAPayloadTypeOrBeyondTheBoundAndChecksKeys() {
        assertFalse(DtmfPlayout.NONE.queue("1"), "no telephone-event offered");
        assertTrue(dtmf.queue("1".repeat(DtmfPlayout.MAX_PENDING)));
        assertFalse(dtmf.queue("2"), "bounded");
        assertEquals(DtmfPlayout.MAX_PENDING, dtmf.pending());
        DtmfPlayout other = new DtmfPlayout(101, SSRC);
        assertThrows(IllegalArgumentException.class, () -> other.queue("12x"));
        assertEquals(0, other.pending(), "nothing queued from a bad string");
    }
}
