package io.trunkline.sip.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.media.MediaOffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Our offer toward the trunk and what its answer makes of it: SRTP toward a secure trunk only, plain RTP elsewhere. */
class UacSdpTest {
    private static final byte[] CALLEE_KEY = new byte[30];

    private static UacSdp sdp(boolean secure) {
        return new UacSdp(new SipDialer(null, null, null, "203.0.113.7", Runnable::run, secure), 20002);
    }

    private static byte[] answer(String profile, String crypto) {
        return ("v=0\r\no=callee 1 1 IN IP4 198.51.100.9\r\ns=-\r\nc=IN IP4 198.51.100.9\r\nt=0 0\r\n"
                + "m=audio 40000 " + profile + " 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n" + (crypto == null ? "" : crypto + "\r\n"))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static MediaOffer media(UacSdp sdp, byte[] body) {
        return sdp.media(sdp.read(body));
    }

    @Test
    void towardAPlainTrunkTheOfferIsPlainRtp() {
        UacSdp sdp = sdp(false);
        assertTrue(sdp.offer().contains("m=audio 20002 RTP/AVP "), sdp.offer());
        assertFalse(sdp.offer().contains("a=crypto"), sdp.offer());
        MediaOffer media = media(sdp, answer("RTP/AVP", null));
        assertNotNull(media);
        assertNull(media.srtp());
    }

    @Test
    void towardASecureTrunkOnlyAnSrtpAnswerToOurTagIsUsable() {
        UacSdp sdp = sdp(true);
        assertTrue(sdp.offer().contains("m=audio 20002 RTP/SAVP "), sdp.offer());
        String key = Base64.getEncoder().encodeToString(CALLEE_KEY);
        assertNull(media(sdp, answer("RTP/AVP", null)), "plain RTP toward a secure trunk");
        assertNull(media(sdp, answer("RTP/SAVP", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + key)), "another tag");

        MediaOffer media = media(sdp, answer("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key));
        assertNotNull(media);
        assertArrayEquals(CALLEE_KEY, media.srtp().inboundKeySalt(), "keyed with the callee's key");
    }
}
