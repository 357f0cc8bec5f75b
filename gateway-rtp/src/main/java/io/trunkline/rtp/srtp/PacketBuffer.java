package io.trunkline.rtp.srtp;

import io.netty.buffer.ByteBuf;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * One datagram copied into a reusable array, as the SRTP contexts transform it in place. A packet grows by its
 * authentication tag when protected and shrinks by it when checked; the array keeps room for the largest tag.
 * Single-threaded, one per channel stage.
 */
final class PacketBuffer implements ByteArrayBuffer {
    /** The largest datagram taken: an Ethernet MTU with room to spare; anything larger is not media. */
    static final int MAX_DATAGRAM = 2048;
    /** Room for the authentication tag and the SRTCP index. */
    private static final int HEADROOM = 32;

    private final byte[] bytes = new byte[MAX_DATAGRAM + HEADROOM];
    private int length;

    /** Copies {@code content}'s readable bytes in; false (nothing copied) when they do not fit. */
    boolean load(ByteBuf content) {
        int n = content.readableBytes();
        if (n > MAX_DATAGRAM) {
            return false;
        }
        content.getBytes(content.readerIndex(), bytes, 0, n);
        length = n;
        return true;
    }

    /** Replaces {@code content}'s readable bytes with this packet, growing the buffer when needed. */
    void storeInto(ByteBuf content) {
        int start = content.readerIndex();
        content.writerIndex(start);
        content.ensureWritable(length);
        content.writeBytes(bytes, 0, length);
    }

    /** Appends this packet to {@code target}. */
    void writeTo(ByteBuf target) {
        target.writeBytes(bytes, 0, length);
    }

    /** Loads {@code length} bytes from {@code source} (tests and benchmarks). */
    void load(byte[] source, int off, int len) {
        System.arraycopy(source, off, bytes, 0, len);
        length = len;
    }

    @Override
    public byte[] getBuffer() {
        return bytes;
    }

    @Override
    public int getOffset() {
        return 0;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || len > bytes.length) {
            throw new IllegalArgumentException("length " + len);
        }
        length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off != 0) {
            throw new UnsupportedOperationException("the packet always starts at 0");
        }
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
        System.arraycopy(bytes, off, outBuff, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (length + howMuch > bytes.length) {
            throw new IllegalStateException("packet of " + length + " bytes cannot grow by " + howMuch);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, bytes, length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }
}
