package io.trunkline.sip.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * The few DER (ITU-T X.690) pieces needed to read SEC1 EC keys and to wrap PKCS#1 RSA keys in PKCS#8: a reader of
 * tag-length-value elements and an encoder of the same.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: its tag and where its value lies in the input. */
    record Element(int tag, byte[] in, int offset, int length) {
        byte[] value() {
            byte[] out = new byte[length];
            System.arraycopy(in, offset, out, 0, length);
            return out;
        }

        int end() {
            return offset + length;
        }

        /** The element that starts at {@code at} inside this one. */
        Element child(int at) {
            if (at < offset || at >= end()) {
                throw new IllegalArgumentException("DER element ends early");
            }
            Element e = read(in, at);
            if (e.end() > end()) {
                throw new IllegalArgumentException("DER element overruns its parent");
            }
            return e;
        }
    }

    /** The element at {@code at}. */
    static Element read(byte[] in, int at) {
        if (at + 2 > in.length) {
            throw new IllegalArgumentException("DER truncated");
        }
        int tag = in[at] & 0xff;
        int first = in[at + 1] & 0xff;
        int pos = at + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 3 || pos + bytes > in.length) {
                throw new IllegalArgumentException("DER length not supported");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (in[pos++] & 0xff);
            }
        }
        if (pos + length > in.length) {
            throw new IllegalArgumentException("DER truncated");
        }
        return new Element(tag, in, pos, length);
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        int n = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    static byte[] integer(int v) {
        return encode(INTEGER, BigInteger.valueOf(v).toByteArray());
    }
}
