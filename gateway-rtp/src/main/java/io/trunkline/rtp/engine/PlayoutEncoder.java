package io.trunkline.rtp.engine;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.rtp.codec.AudioConverter;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Converts agent audio (any length, the agent's format) to the carrier codec and appends it to the playout
 * queue, in bounded chunks through preallocated arrays. Everything is fed through the converter, even what the
 * queue then drops, so the converter's stream state stays continuous.
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
    private long droppedAgentBytes;

    PlayoutEncoder(AudioFormat agentFormat, AudioFormat carrierCodec, PlayoutQueue queue) {
        this(agentFormat, carrierCodec, queue, null, System::nanoTime);
    }

    /** An encoder that notes in {@code timeline} when each piece of audio arrived and was queued. */
    PlayoutEncoder(AudioFormat agentFormat, AudioFormat carrierCodec, PlayoutQueue queue, EnqueueTimeline timeline,
            LongSupplier clock) {
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
        long droppedCarrierBytes = 0;
        while (remaining > 0) {
            int n = Math.min(remaining, CHUNK_BYTES);
            int written;
            if (agentAudio.hasArray()) {
                written = converter.convert(agentAudio.array(), agentAudio.arrayOffset() + position, n, out, 0);
            } else {
                agentAudio.get(position, in, 0, n);
                written = converter.convert(in, 0, n, out, 0);
            }
            droppedCarrierBytes += queue.offer(out, 0, written);
            if (timeline != null) {
                timeline.queued(queue.writePosition(), arrived, clock.getAsLong());
            }
            position += n;
            remaining -= n;
        }
        int dropped = (int) Math.min(Integer.MAX_VALUE, droppedCarrierBytes * agentBytesPerCarrierByte);
        droppedAgentBytes += dropped;
        return dropped;
    }

    /** Agent bytes dropped since the leg started. */
    long droppedAgentBytes() {
        return droppedAgentBytes;
    }
}
