package io.trunkline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.core.media.SrtpSuite;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoAttributeTest {
    /** 30 bytes 0..29 as SDES carries them. */
    static final byte[] KEY = new byte[30];
    static final String KEY64;

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
        KEY64 = Base64.getEncoder().encodeToString(KEY);
    }

    private static CryptoAttribute parse(String value) {
        try {
            return CryptoAttribute.parse(value);
        } catch (CryptoAttribute.Malformed e) {
            throw new AssertionError("expected to parse: " + e.getMessage());
        }
    }

    @Test
    void twilioSecureTrunkingLineIsUsable() {
        CryptoAttribute a = parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64);
        assertTrue(a.usable(), a.unusableBecause());
        assertEquals(1, a.tag());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, a.suite());
        assertArrayEquals(KEY, a.keySalt());
    }

    @Test
    void thirtyTwoBitTagSuiteAndLifetimeOfTwoToTheThirtyOne() {
        CryptoAttribute a = parse("7 AES_CM_128_HMAC_SHA1_32 inline:" + KEY64 + "|2^31");
        assertTrue(a.usable(), a.unusableBecause());
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_32, a.suite());
        assertTrue(parse("7 AES_CM_128_HMAC_SHA1_32 inline:" + KEY64 + "|2147483648").usable(), "decimal lifetime");
    }

    @Test
    void rfc4568ExamplesParseAndTheirMkiIsRefused() {
        // RFC 4568 sections 4 and 5: lifetime 2^20 and an MKI.
        CryptoAttribute a = parse("1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32");
        assertEquals(1, a.tag());
        assertFalse(a.usable());
        assertTrue(a.unusableBecause().contains("MKI"), a.unusableBecause());
        CryptoAttribute b = parse("1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32");
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_32, b.suite());
        assertFalse(b.usable());
        // Section 9.2: several master keys and session parameters.
        CryptoAttribute c = parse("1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|1:4;"
                + "inline:QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5|2^20|2:4 FEC_ORDER=FEC_SRTP");
        assertFalse(c.usable());
    }

    @Test
    void lifetimeBelowTwoToTheThirtyOneIsNotUsableWithoutReKeying() {
        CryptoAttribute a = parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + "|2^20");
        assertFalse(a.usable());
        assertTrue(a.unusableBecause().contains("lifetime"));
    }

    @Test
    void unknownSuiteParsesButIsNotUsable() {
        CryptoAttribute a = parse("2 F8_128_HMAC_SHA1_80 inline:" + KEY64);
        assertNull(a.suite());
        assertEquals("crypto suite F8_128_HMAC_SHA1_80 is not supported", a.unusableBecause());
        assertFalse(parse("3 AEAD_AES_256_GCM inline:" + KEY64).usable());
    }

    @Test
    void sessionParametersThatWeakenTheTransformAreRefusedAndHintsIgnored() {
        assertFalse(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " UNENCRYPTED_SRTCP").usable());
        assertFalse(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " UNENCRYPTED_SRTP").usable());
        assertFalse(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " UNAUTHENTICATED_SRTP").usable());
        assertFalse(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " KDR=10").usable());
        assertFalse(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " X-FOO").usable());
        assertTrue(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " KDR=0").usable());
        assertTrue(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + "\tWSH=128").usable());
    }

    @Test
    void keyOfTheWrongLengthIsNotUsable() {
        String short64 = Base64.getEncoder().encodeToString(new byte[16]);
        assertFalse(parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + short64).usable());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "1",
        "1 AES_CM_128_HMAC_SHA1_80",
        "x AES_CM_128_HMAC_SHA1_80 inline:AAAA",
        "1234567890 AES_CM_128_HMAC_SHA1_80 inline:AAAA",
        "1 AES-CM inline:AAAA",
        "1 AES_CM_128_HMAC_SHA1_80 inline",
        "1 AES_CM_128_HMAC_SHA1_80 inline:",
        "1 AES_CM_128_HMAC_SHA1_80 :AAAA",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AA*A",
        "1 AES_CM_128_HMAC_SHA1_80 inline:A",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|2^x",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|1:0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|1:129",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|1:4|2^20",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|2^20|1:4|x",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA;",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA KDR=25",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA WSH=10",
        "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA\u00e9",
    })
    void malformedLinesAreRefusedWithAReasonThatNeverQuotesTheKey(String value) {
        CryptoAttribute.Malformed e = assertThrows(CryptoAttribute.Malformed.class, () -> CryptoAttribute.parse(value));
        assertFalse(e.getMessage().contains("AAAA"), e.getMessage());
    }

    @Test
    void longLinesAreRefused() {
        assertThrows(CryptoAttribute.Malformed.class,
                () -> CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + " WSH=64".repeat(100)));
    }

    @Test
    void toStringAndRedactionNeverShowTheKey() {
        CryptoAttribute a = parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64);
        assertFalse(a.toString().contains(KEY64));
        String sdp = "m=audio 1 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY64 + "|2^31\r\n";
        String redacted = CryptoAttribute.redact(sdp);
        assertFalse(redacted.contains(KEY64), redacted);
        assertTrue(redacted.contains("inline:***|2^31"), redacted);
    }
}
