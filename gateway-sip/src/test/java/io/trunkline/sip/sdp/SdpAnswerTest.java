package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpAnswerTest {

    private static String answer(String offerSdp, String mediaAddress, int port, long version) {
        SdpOffer offer = SdpOfferParserTest.parse(offerSdp);
        assertTrue(offer.isAccepted(), offer::toString);
        return SdpAnswer.write(offer, offer.media(), mediaAddress, port, 4242, version);
    }

    @Test
    void answersTwilioWithPcmuAndTelephoneEvent() {
        String sdp = answer(SdpOfferParserTest.TWILIO, "203.0.113.5", 30000, 1);
        assertEquals("""
                v=0\r
                o=trunkline 4242 1 IN IP4 203.0.113.5\r
                s=trunkline\r
                c=IN IP4 203.0.113.5\r
                t=0 0\r
                m=audio 30000 RTP/AVP 0 101\r
                a=rtpmap:0 PCMU/8000\r
                a=rtpmap:101 telephone-event/8000\r
                a=fmtp:101 0-16\r
                a=ptime:20\r
                a=sendrecv\r
                """, sdp);
    }

    @Test
    void answerIsItselfAUsableOffer() {
        String sdp = answer(SdpOfferParserTest.TWILIO, "203.0.113.5", 30000, 1);
        SdpOffer reparsed = SdpOfferParser.parse(sdp.getBytes(StandardCharsets.US_ASCII));
        assertTrue(reparsed.isAccepted());
        assertEquals(30000, reparsed.media().remoteRtp().getPort());
        assertEquals(AudioFormat.PCMU_8K, reparsed.media().codec());
        assertEquals(101, reparsed.media().telephoneEventPayloadType());
    }

    @Test
    void holdIsAnsweredRecvonlyAndInactiveInactive() {
        String hold = answer(SdpOfferParserTest.TWILIO.replace("a=sendrecv", "a=sendonly"), "203.0.113.5", 30000, 2);
        assertTrue(hold.contains("a=recvonly\r\n"), hold);
        assertFalse(hold.contains("sendrecv"), hold);
        assertTrue(hold.contains("o=trunkline 4242 2 IN IP4"), hold);
        String inactive = answer(SdpOfferParserTest.TWILIO.replace("a=sendrecv", "a=inactive"), "203.0.113.5",
                30000, 3);
        assertTrue(inactive.contains("a=inactive\r\n"), inactive);
        String recvonly = answer(SdpOfferParserTest.TWILIO.replace("a=sendrecv", "a=recvonly"), "203.0.113.5",
                30000, 3);
        assertTrue(recvonly.contains("a=sendonly\r\n"), recvonly);
    }

    @Test
    void pcmaWithoutTelephoneEvent() {
        String sdp = answer("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 8\n", "203.0.113.5", 30002, 1);
        assertTrue(sdp.contains("m=audio 30002 RTP/AVP 8\r\n"), sdp);
        assertTrue(sdp.contains("a=rtpmap:8 PCMA/8000\r\n"), sdp);
        assertFalse(sdp.contains("telephone-event"), sdp);
        assertFalse(sdp.contains("fmtp"), sdp);
    }

    @Test
    void ipv6MediaAddress() {
        String sdp = answer(SdpOfferParserTest.TWILIO, "2001:db8::1", 30000, 1);
        assertTrue(sdp.contains("c=IN IP6 2001:db8::1\r\n"), sdp);
        assertTrue(sdp.contains("o=trunkline 4242 1 IN IP6 2001:db8::1\r\n"), sdp);
    }

    @Test
    void otherStreamsAreRejectedInPlace() {
        String sdp = answer("""
                v=0
                c=IN IP4 10.1.2.3
                m=video 5002 RTP/AVP 96 97
                m=audio 5000 RTP/AVP 0
                """, "203.0.113.5", 30000, 1);
        int video = sdp.indexOf("m=video 0 RTP/AVP 96\r\n");
        int audio = sdp.indexOf("m=audio 30000 RTP/AVP 0\r\n");
        assertTrue(video > 0 && audio > video, sdp);
    }

    @Test
    void customPayloadTypesAreEchoed() {
        SdpOffer offer = SdpOfferParserTest.parse(SdpOfferParserTest.TWILIO);
        MediaOffer media = new MediaOffer(offer.media().remoteRtp(), offer.media().remoteRtcp(), AudioFormat.PCMU_8K,
                0, 96, 20, MediaDirection.SENDRECV);
        String sdp = SdpAnswer.write(offer, media, "203.0.113.5", 1234, 1, 1);
        assertTrue(sdp.contains("m=audio 1234 RTP/AVP 0 96\r\n"), sdp);
        assertTrue(sdp.contains("a=fmtp:96 0-16\r\n"), sdp);
    }

    @Test
    void rejectedOfferCannotBeAnswered() {
        SdpOffer rejected = SdpOffer.rejected(EndReason.REJECTED_CODEC, "x");
        MediaOffer media = SdpOfferParserTest.accepted(SdpOfferParserTest.TWILIO);
        assertThrows(IllegalArgumentException.class, () -> SdpAnswer.write(rejected, media, "1.2.3.4", 1, 1, 1));
    }
}
