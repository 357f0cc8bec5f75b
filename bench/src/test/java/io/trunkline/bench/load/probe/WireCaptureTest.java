package io.trunkline.bench.load.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.bench.load.audio.FrameCode;
import io.trunkline.rtp.packet.RtpHeader;
import org.junit.jupiter.api.Test;

class WireCaptureTest {

    @Test
    void captureTimesKeepEveryNanosecond() {
        assertEquals(1_796_526_304_730_044_144L, WireCapture.epochNanos("1796526304.730044144"));
        assertEquals(1_796_526_304_730_000_000L, WireCapture.epochNanos("1796526304.73"));
        assertEquals(5_000_000_000L, WireCapture.epochNanos("5"));
    }

    @Test
    void readsTheFrameAnRtpPayloadCarries() {
        byte[] rtp = new byte[12 + 4 + 160];
        rtp[0] = (byte) 0x81; // version 2, one CSRC
        FrameCode.encodeMuLaw(1234, rtp, 16);
        assertEquals(1234, WireCapture.frameId(rtp, new RtpHeader(), new byte[160], new short[160],
                FrameCode.Layout.MULAW_DIRECT));

        byte[] silence = new byte[12 + 160];
        silence[0] = (byte) 0x80;
        java.util.Arrays.fill(silence, 12, silence.length, (byte) 0xFF);
        assertEquals(FrameCode.SILENCE,
                WireCapture.frameId(silence, new RtpHeader(), new byte[160], new short[160],
                FrameCode.Layout.MULAW_DIRECT));
        assertEquals(FrameCode.INVALID,
                WireCapture.frameId(new byte[20], new RtpHeader(), new byte[160], new short[160],
                FrameCode.Layout.MULAW_DIRECT));
    }
}
