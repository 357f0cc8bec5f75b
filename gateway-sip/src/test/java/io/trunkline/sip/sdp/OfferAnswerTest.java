package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.call.EndReason;
import io.trunkline.core.media.MediaDirection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3264 offer/answer as the gateway plays it: one answer line per offered line, in order, one audio stream used. */
class OfferAnswerTest {

    private static SdpOffer parse(String sdp) {
        return SdpOfferParser.parse(sdp.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static String answer(SdpOffer offer) {
        assertTrue(offer.isAccepted(), offer.toString());
        return SdpAnswer.write(offer, offer.media(), "192.0.2.10", 40000, 7, 1);
    }

    /** The answer's m= lines. */
    private static List<String> mediaLines(String answer) {
        return answer.lines().filter(l -> l.startsWith("m=")).toList();
    }

    @Test
    void videoOnlyIsAnsweredNotAcceptableWithTheReason() {
        SdpOffer offer = parse("""
                v=0
                c=IN IP4 192.0.2.1
                t=0 0
                m=video 5002 RTP/AVP 96
                a=rtpmap:96 H264/90000
                """);
        assertFalse(offer.isAccepted());
        assertEquals(EndReason.REJECTED_CODEC, offer.rejection());
        assertEquals(488, offer.rejection().unansweredSipStatus());
        assertEquals("no audio stream offered", offer.problem());
    }

    @Test
    void videoBesideAudioIsRefusedWithPortZeroInTheOfferedOrder() {
        String answer = answer(parse("""
                v=0
                c=IN IP4 192.0.2.1
                t=0 0
                m=video 5002 RTP/AVP 96
                m=audio 5000 RTP/AVP 0
                m=video 5004 RTP/AVP 31
                """));
        assertEquals(List.of("m=video 0 RTP/AVP 96", "m=audio 40000 RTP/AVP 0", "m=video 0 RTP/AVP 31"),
                mediaLines(answer));
    }

    @Test
    void anOfferWhoseOnlyAudioHasPortZeroIsNotAcceptable() {
        SdpOffer offer = parse("""
                v=0
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 0 RTP/AVP 0
                m=video 5002 RTP/AVP 96
                """);
        assertEquals(EndReason.REJECTED_CODEC, offer.rejection());
        assertEquals("audio stream declined with port 0", offer.problem());
    }

    @Test
    void directionsAtCallStartAreAnsweredAsRfc3264Says() {
        String[][] cases = {{"inactive", "inactive"}, {"sendonly", "recvonly"}, {"recvonly", "sendonly"},
            {"sendrecv", "sendrecv"}};
        for (String[] c : cases) {
            SdpOffer offer = parse("v=0\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5000 RTP/AVP 0\na=" + c[0] + "\n");
            assertEquals(MediaDirection.valueOf(c[0].toUpperCase()), offer.media().direction());
            assertTrue(answer(offer).contains("a=" + c[1] + "\r\n"), c[0] + " -> " + answer(offer));
        }
        // Session level, overridden per stream.
        SdpOffer session = parse("v=0\nc=IN IP4 192.0.2.1\nt=0 0\na=sendonly\nm=audio 5000 RTP/AVP 0\n");
        assertTrue(answer(session).contains("a=recvonly\r\n"));
        SdpOffer media = parse("v=0\nc=IN IP4 192.0.2.1\nt=0 0\na=sendonly\nm=audio 5000 RTP/AVP 0\na=inactive\n");
        assertTrue(answer(media).contains("a=inactive\r\n"));
    }

    @Test
    void ofSeveralAudioStreamsTheFirstUsableIsTakenAndTheOthersRefused() {
        SdpOffer offer = parse("""
                v=0
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5000 RTP/AVP 18
                a=rtpmap:18 G729/8000
                m=audio 5002 RTP/SAVP 0
                m=audio 5004 RTP/AVP 8 0
                m=audio 5006 RTP/AVP 0
                """);
        assertEquals(2, offer.chosenLine());
        assertEquals(5004, offer.media().remoteRtp().getPort());
        assertEquals(AudioFormat.PCMU_8K, offer.media().codec(), "PCMU preferred within the stream");
        assertEquals(List.of("m=audio 0 RTP/AVP 18", "m=audio 0 RTP/SAVP 0", "m=audio 40000 RTP/AVP 0",
                "m=audio 0 RTP/AVP 0"), mediaLines(answer(offer)));
    }

    @Test
    void ptimeOtherThanTwentyIsAnsweredTwentyUnlessMaxptimeForbidsIt() {
        SdpOffer thirty = parse("v=0\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5000 RTP/AVP 0\na=ptime:30\n");
        assertEquals(30, thirty.media().ptimeMillis(), "what was asked, for the record");
        assertTrue(answer(thirty).contains("a=ptime:20\r\n"));

        SdpOffer roomy = parse("v=0\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5000 RTP/AVP 0\na=ptime:20\na=maxptime:40\n");
        assertEquals(20, roomy.media().ptimeMillis());
        assertEquals(40, roomy.maxptimeMillis());
        assertTrue(answer(roomy).contains("a=ptime:20\r\n"));

        SdpOffer tight = parse("v=0\nc=IN IP4 192.0.2.1\nt=0 0\na=maxptime:10\nm=audio 5000 RTP/AVP 0\n");
        assertEquals(10, tight.media().ptimeMillis(), "capped by the session-level maxptime");
        assertFalse(tight.allowsGatewayPtime());
        assertFalse(answer(tight).contains("a=ptime"), "20 ms is not allowed: the answer does not claim it");
    }

    @Test
    void pcmuUnderADynamicPayloadTypeIsAnsweredUnderThatNumber() {
        SdpOffer offer = parse("""
                v=0
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5000 RTP/AVP 18 96 101
                a=rtpmap:18 G729/8000
                a=rtpmap:96 pcmu/8000
                a=rtpmap:101 telephone-event/8000
                """);
        assertEquals(AudioFormat.PCMU_8K, offer.media().codec());
        assertEquals(96, offer.media().payloadType());
        String answer = answer(offer);
        assertTrue(answer.contains("m=audio 40000 RTP/AVP 96 101\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:96 PCMU/8000\r\n"), answer);
    }

    @Test
    void aPayloadTypeZeroRemappedToAnotherCodecIsNotTakenForPcmu() {
        SdpOffer offer = parse("""
                v=0
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5000 RTP/AVP 0
                a=rtpmap:0 G729/8000
                """);
        assertEquals(EndReason.REJECTED_CODEC, offer.rejection());
    }
}
