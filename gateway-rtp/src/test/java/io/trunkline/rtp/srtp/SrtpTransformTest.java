package io.trunkline.rtp.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trunkline.core.media.SrtpSuite;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.jitsi.srtp.JitsiKdfProbe;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SRTP transform against RFC 3711 Appendix B (key derivation and AES-CM keystream), and against an independent
 * implementation of the RFC ({@link Rfc3711Reference}) byte for byte, both ways, for SRTP and SRTCP, across a
 * rollover of the sequence number; replays and forgeries are refused.
 */
class SrtpTransformTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long SSRC = 0xCAFEBABEL;

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    // ---- RFC 3711 Appendix B ------------------------------------------------------------------------------------

    @Test
    void appendixB2KeystreamFromTheReferenceAndFromTheLibrary() throws Exception {
        byte[] sessionKey = hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        String first = "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB"
                + "41E95B3BB0A2E8DD477901E4FCA894C0";
        byte[] reference = Rfc3711Reference.keystream(sessionKey, iv, 48);
        assertEquals(first, HEX.formatHex(reference).toUpperCase());
        // the blocks at counter FEFF, FF00, FF01
        byte[] late = Arrays.copyOfRange(Rfc3711Reference.keystream(sessionKey, iv, 0xFF02 * 16), 0xFEFF * 16,
                0xFF02 * 16);
        assertEquals("EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE"
                + "6A2CC3787889374FBEB4C81B17BA6C44", HEX.formatHex(late).toUpperCase());

        SrtpCipherCtr ctr = new SrtpCipherCtr(Aes.createCipher("AES/CTR/NoPadding"));
        ctr.init(sessionKey, null);
        ctr.setIV(iv, Cipher.ENCRYPT_MODE);
        byte[] library = new byte[48];
        ctr.process(library, 0, library.length);
        assertEquals(first, HEX.formatHex(library).toUpperCase());
    }

    @Test
    void appendixB3KeyDerivationFromTheReferenceAndFromTheLibrary() throws Exception {
        byte[] masterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");
        String cipherKey = "C61E7A93744F39EE10734AFE3FF7A087";
        String cipherSalt = "30CBBC08863D8C85D49DB34A9AE1";
        String authKey = "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4";
        assertEquals(cipherKey, HEX.formatHex(Rfc3711Reference.derive(masterKey, masterSalt, 0, 16)).toUpperCase());
        assertEquals(cipherSalt, HEX.formatHex(Rfc3711Reference.derive(masterKey, masterSalt, 2, 14)).toUpperCase());
        assertEquals(authKey, HEX.formatHex(Rfc3711Reference.derive(masterKey, masterSalt, 1, 20)).toUpperCase());
        assertEquals(cipherKey, HEX.formatHex(JitsiKdfProbe.derive(masterKey, masterSalt, 0, 16)).toUpperCase());
        assertEquals(cipherSalt, HEX.formatHex(JitsiKdfProbe.derive(masterKey, masterSalt, 2, 14)).toUpperCase());
        assertEquals(authKey, HEX.formatHex(JitsiKdfProbe.derive(masterKey, masterSalt, 1, 20)).toUpperCase());
    }

    // ---- the gateway's transform against the reference ----------------------------------------------------------

    static byte[] masterKeySalt(int seed) {
        byte[] k = new byte[SrtpSuite.MASTER_KEY_SALT_BYTES];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i * 7);
        }
        return k;
    }

    static byte[] rtp(int seq, long ssrc, int payloadBytes) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadBytes);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt((int) ssrc);
        for (int i = 0; i < payloadBytes; i++) {
            b.put((byte) (i ^ seq));
        }
        return b.array();
    }

    static byte[] rtcpReceiverReport(long ssrc) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt((int) ssrc);
        return b.array();
    }

    static PacketBuffer packet(byte[] bytes) {
        PacketBuffer p = new PacketBuffer();
        p.load(bytes, 0, bytes.length);
        return p;
    }

    static byte[] bytes(PacketBuffer p) {
        return Arrays.copyOf(p.getBuffer(), p.getLength());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectedRtpIsTheReferencesByteForByteAcrossARollover(SrtpSuite suite) throws Exception {
        byte[] key = masterKeySalt(1);
        SendingContexts sending = new SendingContexts(suite, key);
        int roc = 0;
        for (int seq = 65_530; seq < 65_546; seq++) {
            int wire = seq & 0xffff;
            if (wire == 0) {
                roc++;
            }
            PacketBuffer p = packet(rtp(wire, SSRC, 160));
            assertEquals(SrtpVerdict.OK, sending.protectRtp(p));
            assertArrayEquals(Rfc3711Reference.protectRtp(key, rtp(wire, SSRC, 160), roc, suite.srtpAuthTagBytes()),
                    bytes(p), "packet " + wire + " (ROC " + roc + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void referencePacketsAreDecryptedAcrossARolloverAndReplaysRefused(SrtpSuite suite) throws Exception {
        byte[] key = masterKeySalt(2);
        ReceivingContexts receiving = new ReceivingContexts(suite, key, System::nanoTime);
        int roc = 0;
        byte[] last = null;
        for (int seq = 65_500; seq < 65_600; seq++) {
            int wire = seq & 0xffff;
            if (wire == 0) {
                roc++;
            }
            last = Rfc3711Reference.protectRtp(key, rtp(wire, SSRC, 160), roc, suite.srtpAuthTagBytes());
            PacketBuffer p = packet(last);
            assertEquals(SrtpVerdict.OK, receiving.unprotectRtp(p), "packet " + wire);
            assertArrayEquals(rtp(wire, SSRC, 160), bytes(p));
        }
        assertEquals(SrtpVerdict.REPLAY, receiving.unprotectRtp(packet(last)));
    }

    @Test
    void forgedOrDamagedOrWronglyKeyedPacketsAreRefusedAndLeaveTheStreamIntact() throws Exception {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        byte[] key = masterKeySalt(3);
        ReceivingContexts receiving = new ReceivingContexts(suite, key, System::nanoTime);
        assertEquals(SrtpVerdict.OK, receiving.unprotectRtp(packet(Rfc3711Reference.protectRtp(key, rtp(1, SSRC, 160), 0, 10))));
        byte[] damaged = Rfc3711Reference.protectRtp(key, rtp(2, SSRC, 160), 0, 10);
        damaged[40] ^= 1;
        assertEquals(SrtpVerdict.AUTH, receiving.unprotectRtp(packet(damaged)));
        byte[] otherKey = Rfc3711Reference.protectRtp(masterKeySalt(4), rtp(3, SSRC, 160), 0, 10);
        assertEquals(SrtpVerdict.AUTH, receiving.unprotectRtp(packet(otherKey)));
        assertEquals(SrtpVerdict.AUTH, receiving.unprotectRtp(packet(new byte[15])), "too short for a tag");
        assertEquals(SrtpVerdict.AUTH, receiving.unprotectRtp(packet(rtp(4, SSRC, 160))), "plain RTP");
        // the genuine packet 2 still goes through after the forgeries
        assertEquals(SrtpVerdict.OK,
                receiving.unprotectRtp(packet(Rfc3711Reference.protectRtp(key, rtp(2, SSRC, 160), 0, 10))));
    }

    @Test
    void newSsrcsAreTriedAtABoundedRate() throws Exception {
        byte[] key = masterKeySalt(5);
        long[] now = {0};
        ReceivingContexts receiving = new ReceivingContexts(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key, () -> now[0]);
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            byte[] forged = Rfc3711Reference.protectRtp(masterKeySalt(6), rtp(1, 1000 + i, 160), 0, 10);
            if (receiving.unprotectRtp(packet(forged)) == SrtpVerdict.REFUSED) {
                refused++;
            }
        }
        assertEquals(50 - ReceivingContexts.NEW_STREAMS_PER_SECOND, refused);
        now[0] += 1_000_000_000L;
        assertEquals(SrtpVerdict.OK,
                receiving.unprotectRtp(packet(Rfc3711Reference.protectRtp(key, rtp(1, 7, 160), 0, 10))));
    }

    @Test
    void srtcpBothWaysMatchesTheReference() throws Exception {
        byte[] key = masterKeySalt(7);
        SendingContexts sending = new SendingContexts(SrtpSuite.AES_CM_128_HMAC_SHA1_32, key);
        for (int index = 0; index < 3; index++) {
            PacketBuffer p = packet(rtcpReceiverReport(SSRC));
            assertEquals(SrtpVerdict.OK, sending.protectRtcp(p));
            assertArrayEquals(Rfc3711Reference.protectRtcp(key, rtcpReceiverReport(SSRC), index), bytes(p),
                    "SRTCP keeps its 80-bit tag with the 32-bit suite");
        }
        ReceivingContexts receiving = new ReceivingContexts(SrtpSuite.AES_CM_128_HMAC_SHA1_32, key, System::nanoTime);
        byte[] wire = Rfc3711Reference.protectRtcp(key, rtcpReceiverReport(SSRC), 9);
        PacketBuffer p = packet(wire);
        assertEquals(SrtpVerdict.OK, receiving.unprotectRtcp(p));
        assertArrayEquals(rtcpReceiverReport(SSRC), bytes(p));
        assertEquals(SrtpVerdict.REPLAY, receiving.unprotectRtcp(packet(wire)));
        wire = Rfc3711Reference.protectRtcp(key, rtcpReceiverReport(SSRC), 10);
        wire[9] ^= 4;
        assertEquals(SrtpVerdict.AUTH, receiving.unprotectRtcp(packet(wire)));
    }

    @Test
    void whatTheGatewaySendsTheGatewayReadsWithTheSameKey() {
        byte[] key = masterKeySalt(8);
        SendingContexts sending = new SendingContexts(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        ReceivingContexts receiving = new ReceivingContexts(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key, System::nanoTime);
        for (int seq = 0; seq < 100; seq++) {
            PacketBuffer p = packet(rtp(seq, SSRC, 160));
            sending.protectRtp(p);
            assertEquals(SrtpVerdict.OK, receiving.unprotectRtp(p));
            assertArrayEquals(rtp(seq, SSRC, 160), bytes(p));
        }
    }
}
