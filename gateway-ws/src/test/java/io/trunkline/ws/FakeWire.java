package io.trunkline.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.trunkline.ws.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Collects what a protocol writes, releasing every buffer at once. */
public final class FakeWire implements Wire {

    public final List<String> texts = new ArrayList<>();
    public final List<byte[]> binaries = new ArrayList<>();
    public int ignored;

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void sendText(ByteBuf utf8) {
        try {
            texts.add(utf8.toString(StandardCharsets.UTF_8));
        } finally {
            utf8.release();
        }
    }

    @Override
    public void sendBinary(ByteBuf data) {
        try {
            byte[] bytes = new byte[data.readableBytes()];
            data.readBytes(bytes);
            binaries.add(bytes);
        } finally {
            data.release();
        }
    }

    @Override
    public void countIgnored() {
        ignored++;
    }
}
