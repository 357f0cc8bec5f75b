package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.config.SrtpMode;
import io.trunkline.core.media.MediaOffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SRTP offer toward a secure trunk: our key in the offer, the callee's from its answer. */
class SdesOfferTest {
    private static final byte[] CALLEE_KEY = new byte[30];

    static {
        for (int i = 0; i < CALLEE_KEY.length; i++) {
            CALLEE_KEY[i] = (byte) (i * 7 + 3);
        }
    }

    private static String answer(String profile, String crypto) {
        return "v=0\r\no=callee 1 1 IN IP4 198.51.100.9\r\ns=-\r\nc=IN IP4 198.51.100.9\r\nt=0 0\r\n"
                + "m=audio 40000 " + profile + " 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n" + (crypto == null ? "" : crypto + "\r\n");
    }

    private static MediaOffer parsed(String sdp) {
        SdpOffer read = SdpOfferParser.parse(sdp.getBytes(StandardCharsets.US_ASCII), SrtpMode.MANDATORY);
        return read.isAccepted() ? read.media() : null;
    }

    @Test
    void theOfferCarriesOurKeyAndTheAnswerGivesTheCallees() {
        SdesOffer sdes = SdesOffer.fresh();
        String offer = SdpOfferWriter.write("203.0.113.7", 20002, 42, 1, sdes);
        assertTrue(offer.contains("m=audio 20002 RTP/SAVP 0 8 101\r\n"), offer);
        Matcher m = Pattern.compile("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:([A-Za-z0-9+/=]+)").matcher(offer);
        assertTrue(m.find(), offer);
        byte[] ours = Base64.getDecoder().decode(m.group(1));
        assertFalse(sdes.toString().contains(m.group(1)), "the key never prints");

        MediaOffer media = sdes.keyed(parsed(answer("RTP/SAVP",
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(CALLEE_KEY))));
        assertNotNull(media);
        assertArrayEquals(CALLEE_KEY, media.srtp().inboundKeySalt(), "we decrypt with the callee's key");
        assertArrayEquals(ours, media.srtp().outboundKeySalt(), "we encrypt with the key we offered");
        assertTrue(sdes.sendsWith(media.srtp()));
    }

    @Test
    void anAnswerWithAnotherTagOrSuiteOrWithoutSrtpIsNotUsable() {
        SdesOffer sdes = SdesOffer.fresh();
        String key = Base64.getEncoder().encodeToString(CALLEE_KEY);
        assertNull(sdes.keyed(parsed(answer("RTP/SAVP", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + key))));
        assertNull(sdes.keyed(parsed(answer("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + key))));
        assertNull(parsed(answer("RTP/AVP", null)), "plain RTP toward a secure trunk is refused");
    }
}
