package io.trunkline.rtp.playout;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.observe.DropObserver;
import io.trunkline.core.observe.DropReason;
import io.trunkline.rtp.codec.AudioConverter;
import io.trunkline.rtp.probe.MediaProbe;
import java.nio.ByteBuffer;

/**
 * Converts agent audio (any length, the agent's format) to the carrier codec and appends it to the playout
 * queue, in bounded chunks through preallocated arrays. Everything is fed through the converter, even what the
 * queue then drops, so the converter's stream state stays continuous. What the queue refuses is reported to the
 * {@link DropObserver} in 20 ms frames ({@link DropReason#PLAYOUT_FULL}): a frame counts once, when its first
 * byte is refused. The attached {@link MediaProbe} sees each piece arrive and each chunk enter the queue.
 */
public final class PlayoutEncoder {

    /** Agent bytes converted per step: 100 ms of PCM16 at 16 kHz. */
    static final int CHUNK_BYTES = 3200;

    private final AudioFormat carrierCodec;
    private final PlayoutQueue queue;
    private final byte[] in = new byte[CHUNK_BYTES];
    private final DropObserver drops;
    private AudioConverter converter;
    private int agentBytesPerCarrierByte;
    private byte[] out;
    private MediaProbe probe = MediaProbe.NONE;
    private long droppedCarrierBytes;

    public PlayoutEncoder(AudioFormat agentFormat, AudioFormat carrierCodec, PlayoutQueue queue, DropObserver drops) {
        this.drops = drops;
        this.carrierCodec = carrierCodec;
        this.queue = queue;
        reformat(agentFormat);
    }

    /**
     * Takes audio in {@code format} from now on. Allocates, so it is for the rare switch of what the call plays (a
     * bridged transfer), not for the packet path.
     */
    void reformat(AudioFormat format) {
        converter = AudioConverter.create(format, carrierCodec);
        agentBytesPerCarrierByte = format.frameBytes() / carrierCodec.frameBytes();
        out = new byte[converter.maxOutputBytes(CHUNK_BYTES)];
    }

    /** Reports each piece of agent audio and each chunk queued to {@code probe} from now on. */
    public void probe(MediaProbe probe) {
        this.probe = probe;
    }

    /**
     * Queues {@code agentAudio} from its position to its limit without moving either.
     *
     * @return agent bytes that did not fit in the queue
     */
    public int play(ByteBuffer agentAudio) {
        probe.agentAudioArrived();
        int position = agentAudio.position();
        int remaining = agentAudio.remaining();
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
            probe.agentAudioQueued(queue.writePosition());
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
