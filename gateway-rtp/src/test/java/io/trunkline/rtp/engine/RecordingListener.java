package io.trunkline.rtp.engine;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaLegListener;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps copies of what a media leg reports; safe to read from the test thread. */
final class RecordingListener implements MediaLegListener {

    final List<byte[]> frames = new CopyOnWriteArrayList<>();
    final List<DtmfDigit> digits = new CopyOnWriteArrayList<>();
    final AtomicInteger inactivity = new AtomicInteger();

    @Override
    public void onCallerAudio(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        frames.add(copy);
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
        digits.add(digit);
    }

    @Override
    public void onInactivity() {
        inactivity.incrementAndGet();
    }
}
