package io.trunkline.rtp.testing;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.observe.DropReason;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps copies of what a media leg reports; safe to read from the test thread. */
public final class RecordingListener implements MediaLegListener {

    public final List<byte[]> frames = new CopyOnWriteArrayList<>();
    public final List<DtmfDigit> digits = new CopyOnWriteArrayList<>();
    public final AtomicInteger inactivity = new AtomicInteger();
    public final Map<DropReason, Long> drops = new ConcurrentHashMap<>();
    /** Packets of agent audio sent: their payload and send time. */
    public final List<byte[]> sentAudio = new CopyOnWriteArrayList<>();
    public final List<Long> sentAt = new CopyOnWriteArrayList<>();
    /** Marks reported played, in order. */
    public final List<String> marks = new CopyOnWriteArrayList<>();

    /** What was dropped for {@code reason} so far. */
    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

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

    @Override
    public void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
        byte[] copy = new byte[payload.remaining()];
        payload.get(payload.position(), copy);
        sentAudio.add(copy);
        sentAt.add(sentNanos);
    }

    @Override
    public void onMarkPlayed(String name) {
        marks.add(name);
    }

    @Override
    public void dropped(DropReason reason, long count) {
        if (count <= 0) {
            throw new AssertionError("a drop of " + count + " for " + reason);
        }
        drops.merge(reason, count, Long::sum);
    }
}
