package io.trunkline.bench;

import io.trunkline.core.audio.DtmfDigit;
import io.trunkline.core.media.MediaLegListener;
import io.trunkline.core.observe.DropReason;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * A media leg's listener for benchmarks that measure the leg alone: every event is ignored except drops, which are
 * counted, because a run in which the legs dropped media measured something else.
 */
public final class DropCountingListener implements MediaLegListener {
    private final LongAdder drops = new LongAdder();

    /** Packets or frames the legs dropped so far (a full playout queue, a late pacer, an unwritable socket). */
    public long drops() {
        return drops.sum();
    }

    @Override
    public void dropped(DropReason reason, long count) {
        drops.add(count);
    }

    @Override
    public void onCallerAudio(ByteBuffer frame) {
    }

    @Override
    public void onDtmf(DtmfDigit digit) {
    }

    @Override
    public void onInactivity() {
    }

    @Override
    public void onAgentAudioSent(ByteBuffer payload, long sentNanos) {
    }

    @Override
    public void onMarkPlayed(String name) {
    }
}
