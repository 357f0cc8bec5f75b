package io.trunkline.ws.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/** Moves audio between Netty buffers and the gateway's borrowed {@link ByteBuffer}s without extra copies. */
public final class BorrowedBuffers {

    private BorrowedBuffers() {
    }

    /**
     * A {@link ByteBuffer} view of the readable bytes of {@code buf}, valid only while {@code buf} is and only
     * until the next call on it; nothing is copied when the buffer is one contiguous region.
     */
    public static ByteBuffer view(ByteBuf buf) {
        int index = buf.readerIndex();
        int length = buf.readableBytes();
        return buf.nioBufferCount() == 1 ? buf.internalNioBuffer(index, length) : buf.nioBuffer(index, length);
    }

    /** Copies the remaining bytes of a borrowed frame into a new direct buffer; the frame's position is kept. */
    public static ByteBuf copy(io.netty.buffer.ByteBufAllocator alloc, ByteBuffer frame) {
        int position = frame.position();
        ByteBuf buf = alloc.directBuffer(frame.remaining());
        buf.writeBytes(frame);
        frame.position(position);
        return buf;
    }
}
