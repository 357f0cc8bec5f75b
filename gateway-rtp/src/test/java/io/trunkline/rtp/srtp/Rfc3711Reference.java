package io.trunkline.rtp.srtp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent, deliberately plain reading of RFC 3711 for the AES_CM_128_HMAC_SHA1 suites (section 4.1.1
 * counter mode, 4.2.1 HMAC-SHA1, 4.3 key derivation with a key derivation rate of 0, 3.3/3.4 packet layouts),
 * written from the RFC only and checked against its Appendix B vectors. The tests compare the gateway's transform
 * with it byte for byte; it is never used outside tests.
 */
final class Rfc3711Reference {
    static final int LABEL_RTP_ENCRYPTION = 0;
    static final int LABEL_RTP_AUTH = 1;
    static final int LABEL_RTP_SALT = 2;
    static final int LABEL_RTCP_ENCRYPTION = 3;
    static final int LABEL_RTCP_AUTH = 4;
    static final int LABEL_RTCP_SALT = 5;

    private Rfc3711Reference() {
    }

    /** Section 4.3.1 with kdr = 0: AES-CM(master key, (label || 0^48) XOR master salt, then * 2^16). */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, 14);
        iv[7] ^= (byte) label; // key_id = label || r (48 zero bits): the label lands on byte 7 of the 14-byte salt
        return keystream(masterKey, iv, length);
    }

    /** Section 4.1.1: AES in counter mode, the 128-bit IV counting up per block. */
    static byte[] keystream(byte[] key, byte[] iv, int length) throws GeneralSecurityException {
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return ctr.doFinal(new byte[length]);
    }

    /** The IV of section 4.1.1: (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
    static byte[] iv(byte[] sessionSalt, long ssrc, long index) {
        byte[] iv = new byte[16];
        System.arraycopy(sessionSalt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        return iv;
    }

    /** Protects an RTP packet (12-byte header, no CSRC or extension) with rollover counter {@code roc}. */
    static byte[] protectRtp(byte[] masterKeySalt, byte[] rtp, int roc, int tagBytes) throws GeneralSecurityException {
        byte[] mk = Arrays.copyOfRange(masterKeySalt, 0, 16);
        byte[] ms = Arrays.copyOfRange(masterKeySalt, 16, 30);
        byte[] ke = derive(mk, ms, LABEL_RTP_ENCRYPTION, 16);
        byte[] ka = derive(mk, ms, LABEL_RTP_AUTH, 20);
        byte[] ks = derive(mk, ms, LABEL_RTP_SALT, 14);
        int seq = ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
        long ssrc = ByteBuffer.wrap(rtp, 8, 4).getInt() & 0xffffffffL;
        long index = ((long) roc << 16) | seq;
        byte[] stream = keystream(ke, iv(ks, ssrc, index), rtp.length - 12);
        byte[] out = Arrays.copyOf(rtp, rtp.length + tagBytes);
        for (int i = 12; i < rtp.length; i++) {
            out[i] ^= stream[i - 12];
        }
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(ka, "HmacSHA1"));
        mac.update(out, 0, rtp.length);
        mac.update(ByteBuffer.allocate(4).putInt(roc).array());
        System.arraycopy(mac.doFinal(), 0, out, rtp.length, tagBytes);
        return out;
    }

    /** Protects a compound RTCP packet as SRTCP with index {@code index} (E set, 80-bit tag). */
    static byte[] protectRtcp(byte[] masterKeySalt, byte[] rtcp, int index) throws GeneralSecurityException {
        byte[] mk = Arrays.copyOfRange(masterKeySalt, 0, 16);
        byte[] ms = Arrays.copyOfRange(masterKeySalt, 16, 30);
        byte[] ke = derive(mk, ms, LABEL_RTCP_ENCRYPTION, 16);
        byte[] ka = derive(mk, ms, LABEL_RTCP_AUTH, 20);
        byte[] ks = derive(mk, ms, LABEL_RTCP_SALT, 14);
        long ssrc = ByteBuffer.wrap(rtcp, 4, 4).getInt() & 0xffffffffL;
        byte[] stream = keystream(ke, iv(ks, ssrc, index), rtcp.length - 8);
        byte[] out = Arrays.copyOf(rtcp, rtcp.length + 4 + 10);
        for (int i = 8; i < rtcp.length; i++) {
            out[i] ^= stream[i - 8];
        }
        ByteBuffer.wrap(out, rtcp.length, 4).putInt(0x8000_0000 | index);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(ka, "HmacSHA1"));
        mac.update(out, 0, rtcp.length + 4);
        System.arraycopy(mac.doFinal(), 0, out, rtcp.length + 4, 10);
        return out;
    }
}
