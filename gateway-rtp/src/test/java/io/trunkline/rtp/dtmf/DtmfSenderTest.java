package io.trunkline.rtp.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.rtp.packet.RtpHeader;
import io.trunkline.rtp.packet.RtpParseError;
import io.trunkline.rtp.packet.RtpParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfSenderTest {

    private static final long SSRC = 0xabcdef01L;

    private final DtmfSender sender = new DtmfSender(101, SSRC);
    private final RtpHeader header = new RtpHeader();
    private int sequence = 65534;

    /** One packet as seen on the wire. */
    private record Sent(boolean marker, int sequence, long timestamp, boolean end, int duration, DtmfDigit decoded) {
    }

    /** Sends every remaining packet of the current press, parsing each and feeding it to {@code receiver}. */
    private List<Sent> drain(DtmfReceiver receiver) {
        List<Sent> sent = new ArrayList<>();
        for (int guard = 0; sender.hasNext() && guard < 1000; guard++) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
            try {
                assertEquals(16, sender.writeNext(buf, sequence));
                sequence = (sequence + 1) & 0xffff;
                assertEquals(RtpParseError.NONE, RtpParser.parse(buf, header));
                assertEquals(101, header.payloadType());
                assertEquals(SSRC, header.ssrc());
                assertEquals(4, header.payloadLength());
                int at = header.payloadOffset();
                boolean end = TelephoneEvent.end(buf, at);
                int duration = TelephoneEvent.duration(buf, at);
                assertEquals(DtmfSender.DEFAULT_VOLUME, TelephoneEvent.volume(buf, at));
                buf.readerIndex(at);
                DtmfDigit decoded = receiver.onPacket(header.timestamp(), buf, header.payloadLength());
                sent.add(new Sent(header.marker(), header.sequenceNumber(), header.timestamp(), end, duration,
                        decoded));
            } finally {
                buf.release();
            }
        }
        return sent;
    }

    @Test
    void pressIsMarkerStartThenUpdatesThenThreeEnds() {
        sender.start(new DtmfDigit('9', 100), 0xffff_fff0L, 50);
        assertEquals(4, sender.remaining());
        List<Sent> sent = drain(new DtmfReceiver());
        assertEquals(4, sent.size());
        assertEquals(List.of(true, false, false, false), sent.stream().map(Sent::marker).toList());
        assertEquals(List.of(400, 800, 800, 800), sent.stream().map(Sent::duration).toList());
        assertEquals(List.of(false, true, true, true), sent.stream().map(Sent::end).toList());
        assertEquals(List.of(65534, 65535, 0, 1), sent.stream().map(Sent::sequence).toList());
        assertTrue(sent.stream().allMatch(s -> s.timestamp() == 0xffff_fff0L));
        assertEquals(List.of(new DtmfDigit('9', 100)), decodedDigits(sent));
        assertFalse(sender.hasNext());
    }

    @Test
    void durationThatIsNotAMultipleOfTheIntervalEndsOnTheExactDuration() {
        sender.start(new DtmfDigit('*', 130), 1000, 50);
        List<Sent> sent = drain(new DtmfReceiver());
        assertEquals(List.of(400, 800, 1040, 1040, 1040), sent.stream().map(Sent::duration).toList());
        assertEquals(List.of(new DtmfDigit('*', 130)), decodedDigits(sent));
    }

    @Test
    void pressShorterThanOneIntervalIsThreeEndPackets() {
        sender.start(new DtmfDigit('0', 20), 7, 50);
        List<Sent> sent = drain(new DtmfReceiver());
        assertEquals(3, sent.size());
        assertTrue(sent.get(0).marker());
        assertTrue(sent.stream().allMatch(Sent::end));
        assertEquals(List.of(new DtmfDigit('0', 20)), decodedDigits(sent));
    }

    @Test
    void severalPressesDecodeToTheSameDigitsWhenOneEndSurvives() {
        DtmfReceiver receiver = new DtmfReceiver();
        List<DtmfDigit> digits = new ArrayList<>();
        long timestamp = 0;
        for (char c : "147#".toCharArray()) {
            sender.start(new DtmfDigit(c, 200), timestamp, 20);
            digits.addAll(decodedDigits(drain(receiver)));
            timestamp += 8000;
        }
        assertNull(receiver.flush());
        assertEquals(List.of(new DtmfDigit('1', 200), new DtmfDigit('4', 200), new DtmfDigit('7', 200),
                new DtmfDigit('#', 200)), digits);
    }

    @Test
    void misuseIsRefused() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            assertThrows(IllegalStateException.class, () -> sender.writeNext(buf, 0));
            DtmfDigit one = new DtmfDigit('1', 100);
            assertThrows(IllegalArgumentException.class, () -> sender.start(new DtmfDigit('1', 8200), 0, 50));
            assertThrows(IllegalArgumentException.class, () -> sender.start(new DtmfDigit('1', 0), 0, 50));
            assertThrows(IllegalArgumentException.class, () -> sender.start(one, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> sender.start(one, -1, 50));
            assertThrows(IllegalArgumentException.class, () -> new DtmfSender(128, 1));
            assertEquals(0, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    private static List<DtmfDigit> decodedDigits(List<Sent> sent) {
        List<DtmfDigit> digits = new ArrayList<>();
        for (Sent s : sent) {
            if (s.decoded() != null) {
                digits.add(s.decoded());
            }
        }
        return digits;
    }
}
