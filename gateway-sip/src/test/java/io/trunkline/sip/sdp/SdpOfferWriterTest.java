package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpOfferWriterTest {

    @Test
    void theOfferNamesPcmuThenPcmaAndTelephoneEventAndReadsBackAsPcmu() {
        String sdp = SdpOfferWriter.write("203.0.113.7", 20002, 42, 1);
        assertTrue(sdp.contains("m=audio 20002 RTP/AVP 0 8 101\r\n"), sdp);
        assertTrue(sdp.contains("c=IN IP4 203.0.113.7\r\n"), sdp);
        assertTrue(sdp.contains("a=rtpmap:8 PCMA/8000\r\n"), sdp);
        assertTrue(sdp.contains("a=fmtp:101 0-16\r\n"), sdp);
        assertTrue(sdp.endsWith("a=sendrecv\r\n"), sdp);
        SdpOffer read = SdpOfferParser.parse(sdp.getBytes(StandardCharsets.US_ASCII), SrtpMode.OFF);
        MediaOffer media = read.media();
        assertEquals(AudioFormat.PCMU_8K, media.codec());
        assertEquals(0, media.payloadType());
        assertEquals(101, media.telephoneEventPayloadType());
        assertEquals(new InetSocketAddress("203.0.113.7", 20002), media.remoteRtp());
        assertEquals(MediaDirection.SENDRECV, media.direction());
    }

    @Test
    void anIpv6AddressIsWrittenAsIp6() {
        assertTrue(SdpOfferWriter.write("2001:db8::7", 20002, 42, 1).contains("c=IN IP6 2001:db8::7\r\n"));
    }
}
