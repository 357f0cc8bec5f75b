package io.trunkline.rtp.engine;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.codec.AudioConverter;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Converts agent audio (any length, the agent's format) to the carrier codec and appends it to the playout
 * queue, in bounded chunks through preallocated arrays. Everything is fed through the converter, even what the
 * queue then drops, so the converter's stream state stays continuous. What the queue refuses is reported to the
 * {@link DropObserver} in 20 ms frames ({@link DropReason#PLAYOUT_FULL}): a frame counts once, when its first
 * byte is refused.
 */
final class PlayoutEncoder {

    /** Agent bytes converted per step: 100 ms of PCM16 at 16 kHz. */
    static final int CHUNK_BYTES = 3200;

    private final AudioConverter converter;
    private final PlayoutQueue queue;
    private final int agentBytesPerCarrierByte;
    private final byte[] in = new byte[CHUNK_BYTES];
    private final byte[] out;
    private final EnqueueTimeline timeline;
    private final LongSupplier clock;
    private final DropObserver drops;
    private long droppedCarrierBytes;

    PlayoutEncoder(AudioFormat agentFormat, AudioFormat carrierCodec, PlayoutQueue queue, DropObserver drops) {
        this(agentFormat, carrierCodec, queue, null, System::nanoTime, drops);
    }

    /** An encoder that notes in {@code timeline} when each piece of audio arrived and was queued. */
    PlayoutEncoder(AudioFormat agentFormat, AudioFormat carrierCodec, PlayoutQueue queue, EnqueueTimeline timeline,
            LongSupplier clock, DropObserver drops) {
        this.drops = drops;
        this.timeline = timeline;
        this.clock = clock;
        this.converter = AudioConverter.create(agentFormat, carrierCodec);
        this.queue = queue;
        this.agentBytesPerCarrierByte = agentFormat.frameBytes() / carrierCodec.frameBytes();
        this.out = new byte[converter.maxOutputBytes(CHUNK_BYTES)];
    }

    /**
     * Queues {@code agentAudio} from its position to its limit without moving either.
     *
     * @return agent bytes that did not fit in the queue
     */
    int play(ByteBuffer agentAudio) {
        int position = agentAudio.position();
        int remaining = agentAudio.remaining();
        long arrived = timeline == null ? 0 : clock.getAsLong();
        long refused = 0;
        while (remaining > 0) {
            int n = Math.min(remaining, CHUNK_BYTES);
            int written;
            if (agentAudio.hasArray()) {
                written = converter.convert(agentAudio.array(), agentAudio.arrayOffset() + position, n, out, 0);
            } else {
                agentAudio.get(position, in, 0, n);
                written = converter.convert(in, 0, n, out, 0);
            }
            refused += queue.offer(out, 0, written);
            if (timeline != null) {
                timeline.queued(queue.writePosition(), arrived, clock.getAsLong());
            }
            position += n;
            remaining -= n;
        }
        if (refused > 0) {
            long framesBefore = frames(droppedCarrierBytes);
            droppedCarrierBytes += refused;
            long frames = frames(droppedCarrierBytes) - framesBefore;
            if (frames > 0) {
                drops.dropped(DropReason.PLAYOUT_FULL, frames);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, refused * agentBytesPerCarrierByte);
    }

    /** 20 ms frames that {@code carrierBytes} touch: a partial frame counts. */
    private static long frames(long carrierBytes) {
        return (carrierBytes + Pacer.FRAME_BYTES - 1) / Pacer.FRAME_BYTES;
    }
}
