package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaDirection;
import io.trunkline.core.media.MediaOffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SdpOfferParserTest {

    /** Twilio's offer as documented (PROTOCOLS.md §1), CRLF line ends. */
    static final String TWILIO = """
            v=0
            o=root 1234 1234 IN IP4 168.86.128.10
            s=Twilio Media Gateway
            c=IN IP4 168.86.128.10
            t=0 0
            m=audio 40150 RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=maxptime:20
            a=rtcp:40151
            a=sendrecv
            """;

    static SdpOffer parse(String sdp) {
        return SdpOfferParser.parse(sdp.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    static MediaOffer accepted(String sdp) {
        SdpOffer offer = parse(sdp);
        assertTrue(offer.isAccepted(), () -> "expected accepted, got " + offer);
        assertNull(offer.rejection());
        return offer.media();
    }

    static void rejected(String sdp, EndReason reason) {
        SdpOffer offer = parse(sdp);
        assertFalse(offer.isAccepted(), () -> "expected rejection, got " + offer);
        assertEquals(reason, offer.rejection(), offer::problem);
        assertNull(offer.media());
        assertNotNull(offer.problem());
    }

    @Test
    void twilioOfferChoosesPcmuWithTelephoneEvent() {
        MediaOffer m = accepted(TWILIO);
        assertEquals(new InetSocketAddress("168.86.128.10", 40150), m.remoteRtp());
        assertEquals(new InetSocketAddress("168.86.128.10", 40151), m.remoteRtcp());
        assertEquals(AudioFormat.PCMU_8K, m.codec());
        assertEquals(0, m.payloadType());
        assertEquals(101, m.telephoneEventPayloadType());
        assertEquals(20, m.ptimeMillis());
        assertEquals(MediaDirection.SENDRECV, m.direction());
    }

    @Test
    void bareLineFeedsAreAccepted() {
        SdpOffer offer = SdpOfferParser.parse(TWILIO.getBytes(StandardCharsets.US_ASCII));
        assertTrue(offer.isAccepted());
        assertEquals(1, offer.mediaLines().size());
    }

    @Test
    void pcmuPreferredEvenWhenOfferedSecond() {
        MediaOffer m = accepted(TWILIO.replace("RTP/AVP 0 8 101", "RTP/AVP 8 0 101"));
        assertEquals(AudioFormat.PCMU_8K, m.codec());
    }

    @Test
    void pcmaOnly() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 5000 RTP/AVP 8
                """);
        assertEquals(AudioFormat.PCMA_8K, m.codec());
        assertEquals(8, m.payloadType());
        assertEquals(-1, m.telephoneEventPayloadType());
        assertEquals(5001, m.remoteRtcp().getPort(), "RTCP defaults to RTP port + 1");
        assertEquals(20, m.ptimeMillis());
    }

    @Test
    void dynamicPayloadTypeForPcmu() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 5000 RTP/AVP 96 97
                a=rtpmap:96 pcmu/8000
                a=rtpmap:97 TELEPHONE-EVENT/8000
                """);
        assertEquals(AudioFormat.PCMU_8K, m.codec());
        assertEquals(96, m.payloadType());
        assertEquals(97, m.telephoneEventPayloadType());
    }

    @Test
    void rtpmapOverridesStaticMeaning() {
        rejected("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 5000 RTP/AVP 0
                a=rtpmap:0 G729/8000
                """, EndReason.REJECTED_CODEC);
    }

    @Test
    void telephoneEventAt16kIsIgnored() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 5000 RTP/AVP 0 100
                a=rtpmap:100 telephone-event/16000
                """);
        assertEquals(-1, m.telephoneEventPayloadType());
    }

    @Test
    void g729OnlyIsNotAcceptable() {
        rejected("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 5000 RTP/AVP 18 101
                a=rtpmap:18 G729/8000
                a=rtpmap:101 telephone-event/8000
                """, EndReason.REJECTED_CODEC);
    }

    @Test
    void anOfferWithoutAudioIsNotAcceptableRatherThanMalformed() {
        rejected("""
                v=0
                c=IN IP4 10.1.2.3
                m=video 5000 RTP/AVP 96
                """, EndReason.REJECTED_CODEC);
        rejected("""
                v=0
                c=IN IP4 10.1.2.3
                t=0 0
                """, EndReason.REJECTED_CODEC);
    }

    @Test
    void declinedAudioWithPortZeroIsNotAcceptable() {
        rejected("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 0 RTP/AVP 0
                """, EndReason.REJECTED_CODEC);
    }

    @Test
    void secureRtpOnlyIsNotAcceptable() {
        rejected("""
                v=0
                c=IN IP4 10.1.2.3
                m=audio 5000 RTP/SAVP 0
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc
                """, EndReason.REJECTED_CODEC);
    }

    @Test
    void missingConnectionIsBadRequest() {
        rejected("""
                v=0
                m=audio 5000 RTP/AVP 0
                """, EndReason.REJECTED_BAD_REQUEST);
    }

    @Test
    void hostNameInConnectionIsBadRequestAndNeverResolved() {
        rejected("""
                v=0
                c=IN IP4 media.example.invalid
                m=audio 5000 RTP/AVP 0
                """, EndReason.REJECTED_BAD_REQUEST);
    }

    @Test
    void sessionLevelConnectionAndDirection() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP4 192.0.2.7
                a=sendonly
                m=audio 6000 RTP/AVP 0
                """);
        assertEquals(new InetSocketAddress("192.0.2.7", 6000), m.remoteRtp());
        assertEquals(MediaDirection.SENDONLY, m.direction());
    }

    @Test
    void mediaLevelWinsOverSessionLevel() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP4 192.0.2.7
                a=sendonly
                m=audio 6000 RTP/AVP 0
                c=IN IP4 192.0.2.8
                a=inactive
                """);
        assertEquals(new InetSocketAddress("192.0.2.8", 6000), m.remoteRtp());
        assertEquals(MediaDirection.INACTIVE, m.direction());
    }

    @Test
    void recvonlyAndInactive() {
        assertEquals(MediaDirection.RECVONLY, accepted(TWILIO.replace("a=sendrecv", "a=recvonly")).direction());
        assertEquals(MediaDirection.INACTIVE, accepted(TWILIO.replace("a=sendrecv", "a=inactive")).direction());
        assertEquals(MediaDirection.SENDRECV, accepted(TWILIO.replace("a=sendrecv\n", "")).direction());
    }

    @Test
    void oldStyleHoldAddressMeansPeerReceivesNothing() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP4 0.0.0.0
                m=audio 6000 RTP/AVP 0
                """);
        assertEquals(MediaDirection.SENDONLY, m.direction());
    }

    @Test
    void ipv6Connection() {
        MediaOffer m = accepted("""
                v=0
                c=IN IP6 2001:db8::5
                m=audio 7000 RTP/AVP 0
                """);
        assertEquals(new InetSocketAddress("2001:db8::5", 7000), m.remoteRtp());
        assertEquals(new InetSocketAddress("2001:db8::5", 7001), m.remoteRtcp());
    }

    @Test
    void rtcpAttributeWithAddress() {
        MediaOffer m = accepted(TWILIO.replace("a=rtcp:40151", "a=rtcp:50000 IN IP4 192.0.2.99"));
        assertEquals(new InetSocketAddress("192.0.2.99", 50000), m.remoteRtcp());
    }

    @Test
    void ptimeIsReadAndAbsurdValuesIgnored() {
        assertEquals(20, accepted(TWILIO.replace("a=ptime:20", "a=ptime:30")).ptimeMillis(), "capped by maxptime");
        String roomy = TWILIO.replace("a=maxptime:20", "a=maxptime:60");
        assertEquals(30, accepted(roomy.replace("a=ptime:20", "a=ptime:30")).ptimeMillis());
        assertEquals(20, accepted(TWILIO.replace("a=ptime:20", "a=ptime:999999999999")).ptimeMillis());
        assertEquals(20, accepted(TWILIO.replace("a=ptime:20", "a=ptime:0")).ptimeMillis());
        assertEquals(20, accepted(TWILIO.replace("a=ptime:20", "a=ptime:-5")).ptimeMillis());
        assertEquals(20, accepted(TWILIO.replace("a=ptime:20", "a=ptime:abc")).ptimeMillis());
        assertEquals(40, accepted(roomy.replace("a=ptime:20", "a=ptime:40.0")).ptimeMillis());
    }

    @Test
    void otherStreamsAreKeptForTheAnswerLayout() {
        SdpOffer offer = parse("""
                v=0
                c=IN IP4 10.1.2.3
                m=video 5002 RTP/AVP 96
                m=audio 5000 RTP/AVP 0
                """);
        assertTrue(offer.isAccepted());
        assertEquals(2, offer.mediaLines().size());
        assertEquals(1, offer.chosenLine());
        assertEquals(new MediaLine("video", "RTP/AVP", "96"), offer.mediaLines().get(0));
    }

    @Test
    void structuralErrorsAreBadRequests() {
        rejected("", EndReason.REJECTED_BAD_REQUEST);
        rejected("\n\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("o=x 1 1 IN IP4 1.2.3.4\nv=0\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=1\nc=IN IP4 1.2.3.4\nm=audio 1 RTP/AVP 0\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\nm=audio 70000 RTP/AVP 0\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP 0 zzz\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP 0 300\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\nm=audio 5000\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP9 1.2.3.4\nm=audio 5000 RTP/AVP 0\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.400\nm=audio 5000 RTP/AVP 0\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nthis is not sdp\n", EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP 0\na=x\u0000y\n", EndReason.REJECTED_BAD_REQUEST);
    }

    @Test
    void hugeInputsAreRejectedNotProcessed() {
        String longLine = "a=x:" + "y".repeat(5000);
        rejected(TWILIO + longLine + "\n", EndReason.REJECTED_BAD_REQUEST);
        rejected(TWILIO + "a=x\n".repeat(600), EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\n" + "m=audio 5000 RTP/AVP 0\n".repeat(20), EndReason.REJECTED_BAD_REQUEST);
        rejected("v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP" + " 0".repeat(40) + "\n",
                EndReason.REJECTED_BAD_REQUEST);
        SdpOffer big = SdpOfferParser.parse(new byte[SdpOfferParser.MAX_BODY_BYTES + 1]);
        assertEquals(EndReason.REJECTED_BAD_REQUEST, big.rejection());
        assertEquals(EndReason.REJECTED_BAD_REQUEST, SdpOfferParser.parse(null).rejection());
    }

    @Test
    void malformedAttributesAreIgnored() {
        MediaOffer m = accepted(TWILIO
                .replace("a=rtpmap:101 telephone-event/8000", "a=rtpmap:101")
                .replace("a=rtcp:40151", "a=rtcp:notaport"));
        assertEquals(-1, m.telephoneEventPayloadType());
        assertEquals(40151, m.remoteRtcp().getPort());
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(42);
        String alphabet = "vcmat=: /\r\n0123456789abcdefINPRTAV.-\u0000\u00ff";
        for (int i = 0; i < 2000; i++) {
            int len = random.nextInt(400);
            StringBuilder sb = new StringBuilder(i % 2 == 0 ? "v=0\r\n" : "");
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            SdpOffer offer = SdpOfferParser.parse(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            assertNotNull(offer);
            assertTrue(offer.isAccepted() != (offer.rejection() != null));
        }
        byte[] bytes = new byte[512];
        for (int i = 0; i < 500; i++) {
            random.nextBytes(bytes);
            assertNotNull(SdpOfferParser.parse(bytes).rejection());
        }
    }

    @Test
    void mutatedTwilioOffersNeverThrow() {
        Random random = new Random(7);
        byte[] base = TWILIO.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3000; i++) {
            byte[] copy = base.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            SdpOffer offer = SdpOfferParser.parse(copy);
            assertTrue(offer.isAccepted() != (offer.rejection() != null));
        }
    }
}
