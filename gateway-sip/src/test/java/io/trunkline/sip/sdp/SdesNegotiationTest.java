package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.call.EndReason;
import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.SrtpKeys;
import io.trunkline.core.media.SrtpSuite;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SRTP modes against plain and secure offers, and the answer SDES writes. */
class SdesNegotiationTest {
    static final String KEY64 = CryptoAttributeTest.KEY64;
    static final String PLAIN = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n";
    static final String SECURE = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 0 8 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" + KEY64 + "\r\n"
            + "a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + "\r\n";

    static SdpOffer parse(String sdp, SrtpMode mode) {
        return SdpOfferParser.parse(sdp.getBytes(StandardCharsets.ISO_8859_1), mode);
    }

    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({
        "OFF, PLAIN, plain",
        "OFF, SECURE, 302",
        "OPTIONAL, PLAIN, plain",
        "OPTIONAL, SECURE, srtp",
        "MANDATORY, PLAIN, 302",
        "MANDATORY, SECURE, srtp",
    })
    void modesAgainstOffers(SrtpMode mode, String kind, String expected) {
        SdpOffer offer = parse(kind.equals("PLAIN") ? PLAIN : SECURE, mode);
        switch (expected) {
            case "plain" -> {
                assertTrue(offer.isAccepted(), offer.problem());
                assertFalse(offer.media().encrypted());
                assertTrue(answer(offer).contains("m=audio 40000 RTP/AVP 0 101\r\n"));
                assertFalse(answer(offer).contains("a=crypto"));
            }
            case "srtp" -> {
                assertTrue(offer.isAccepted(), offer.problem());
                assertTrue(offer.media().encrypted());
                assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_32, offer.media().srtp().suite(), "first usable line");
                assertEquals(3, offer.media().srtp().tag());
            }
            default -> {
                assertFalse(offer.isAccepted());
                assertEquals(EndReason.REJECTED_CODEC, offer.rejection());
                assertEquals(Integer.parseInt(expected), offer.warningCode());
            }
        }
    }

    @Test
    void mandatoryRefusalSaysSrtpIsRequired() {
        SdpOffer offer = parse(PLAIN, SrtpMode.MANDATORY);
        assertTrue(offer.problem().contains("SRTP is required"), offer.problem());
    }

    @Test
    void answerEchoesTagAndSuiteWithAFreshKeyOfItsOwn() {
        SdpOffer first = parse(SECURE, SrtpMode.OPTIONAL);
        SdpOffer second = parse(SECURE, SrtpMode.OPTIONAL);
        String answer = answer(first);
        assertTrue(answer.contains("m=audio 40000 RTP/SAVP 0 101\r\n"), answer);
        Matcher m = Pattern.compile("a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:([A-Za-z0-9+/=]{40})\r\n")
                .matcher(answer);
        assertTrue(m.find(), answer);
        byte[] ours = Base64.getDecoder().decode(m.group(1));
        SrtpKeys keys = first.media().srtp();
        assertArrayEquals(keys.outboundKeySalt(), ours);
        assertArrayEquals(CryptoAttributeTest.KEY, keys.inboundKeySalt());
        assertFalse(java.util.Arrays.equals(ours, CryptoAttributeTest.KEY), "our key is not the offer's");
        assertFalse(java.util.Arrays.equals(ours, second.media().srtp().outboundKeySalt()), "fresh per offer");
        assertEquals(1, answer.split("a=crypto").length - 1, "one crypto line");
    }

    @Test
    void unsupportedSuitesOnlyAre488WithAWarningNamingWhy() {
        String sdp = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 0\r\n"
                + "a=crypto:1 AEAD_AES_256_GCM inline:" + KEY64 + "\r\n"
                + "a=crypto:2 F8_128_HMAC_SHA1_80 inline:" + KEY64 + "\r\n";
        SdpOffer offer = parse(sdp, SrtpMode.OPTIONAL);
        assertFalse(offer.isAccepted());
        assertEquals(EndReason.REJECTED_CODEC, offer.rejection());
        assertEquals(306, offer.warningCode());
        assertEquals("no usable a=crypto: crypto suite AEAD_AES_256_GCM is not supported", offer.problem());
    }

    @Test
    void secureOfferWithoutCryptoIsRefusedAndAPlainStreamAfterItIsTaken() {
        String noCrypto = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 0\r\n";
        SdpOffer refused = parse(noCrypto, SrtpMode.OPTIONAL);
        assertFalse(refused.isAccepted());
        assertTrue(refused.problem().contains("without a=crypto"), refused.problem());
        SdpOffer both = parse(noCrypto + "m=audio 5002 RTP/AVP 0\r\n", SrtpMode.OPTIONAL);
        assertTrue(both.isAccepted());
        assertEquals(1, both.chosenLine());
        assertFalse(both.media().encrypted());
    }

    @Test
    void malformedCryptoLineIsSkippedForTheNextOne() {
        String sdp = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 0\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + "\r\n";
        SdpOffer offer = parse(sdp, SrtpMode.MANDATORY);
        assertTrue(offer.isAccepted(), offer.problem());
        assertEquals(2, offer.media().srtp().tag());
    }

    @Test
    void reofferWithTheSameSuiteKeepsOurKeyAndTakesTheCarriersNewOne() {
        SdpOffer first = parse(SECURE, SrtpMode.OPTIONAL);
        String rekeyed = SECURE.replace(KEY64, Base64.getEncoder().encodeToString(new byte[30]));
        SdpOffer next = SdesNegotiation.continuing(first, parse(rekeyed, SrtpMode.OPTIONAL));
        assertArrayEquals(first.media().srtp().outboundKeySalt(), next.media().srtp().outboundKeySalt());
        assertArrayEquals(new byte[30], next.media().srtp().inboundKeySalt());
        assertTrue(answer(next).contains(Base64.getEncoder().encodeToString(first.media().srtp().outboundKeySalt())));
        SdpOffer plain = SdesNegotiation.continuing(first, parse(PLAIN, SrtpMode.OPTIONAL));
        assertNull(plain.media().srtp());
    }

    @Test
    void mediaOfferAndKeysNeverPrintTheKey() {
        SdpOffer offer = parse(SECURE, SrtpMode.OPTIONAL);
        String text = offer.toString();
        assertNotNull(offer.media().srtp());
        assertFalse(text.contains(KEY64), text);
        assertTrue(text.contains("AES_CM_128_HMAC_SHA1_32"), text);
        String ours = Base64.getEncoder().encodeToString(offer.media().srtp().outboundKeySalt());
        assertFalse(text.contains(ours), text);
    }

    private static String answer(SdpOffer offer) {
        return SdpAnswer.write(offer, offer.media(), "198.51.100.7", 40000, 1, 1);
    }
}
