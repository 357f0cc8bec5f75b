package io.trunkline.rtp.playout;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.rtp.rtcp.SentStream;
import java.nio.ByteBuffer;

/**
 * The outbound side of one leg, agent audio to paced RTP: the {@link PlayoutEncoder} converts into the
 * {@link PlayoutQueue}, and the {@link Pacer}, woken by its {@link PacerTimer} on the loop's {@link PacerClock},
 * sends one packet every 20 ms. Marks wait in the queue behind the audio queued before them. Single-threaded, on
 * the call's loop.
 */
public final class Playout {

    /** G.711 bytes per millisecond. */
    public static final int CARRIER_BYTES_PER_MS = Pacer.FRAME_BYTES / 20;

    private final PlayoutEncoder encoder;
    private final PlayoutQueue queue;
    private final Pacer pacer;
    private final PacerTimer timer;
    private final PacerClock clock;
    private final DtmfPlayout dtmf;

    /**
     * {@code clock} is retained for this playout, which releases it when it {@link #close closes}; {@code dtmf}
     * is the pacer's source of telephone-events.
     */
    public Playout(PlayoutEncoder encoder, PlayoutQueue queue, Pacer pacer, PacerTimer timer, PacerClock clock,
            DtmfPlayout dtmf) {
        this.encoder = encoder;
        this.queue = queue;
        this.pacer = pacer;
        this.timer = timer;
        this.clock = clock;
        this.dtmf = dtmf;
        pacer.dtmf(dtmf);
    }

    /** Starts the pacer's timeline. */
    public void start() {
        timer.start();
    }

    /** Queues agent audio; returns the agent bytes that did not fit (reported as dropped). */
    public int play(ByteBuffer agentAudio) {
        return encoder.play(agentAudio);
    }

    /** Drops what is queued; the marks behind it are reported at once. */
    public void clear() {
        queue.clear();
    }

    /** Drops what is queued (reporting its marks) and takes audio in {@code format} from now on. */
    public void reformat(AudioFormat format) {
        queue.clear();
        encoder.reformat(format);
    }

    /** Places a mark behind the audio queued so far. */
    public void mark(String name) {
        queue.mark(name);
    }

    /** Queues digits to send as telephone-events; false when refused (see {@link DtmfPlayout#queue}). */
    public boolean sendDtmf(String digits) {
        return dtmf.queue(digits);
    }

    /** Milliseconds of audio queued and not yet sent. */
    public int queuedMillis() {
        return queue.size() / CARRIER_BYTES_PER_MS;
    }

    /** Pauses (false, hold) or resumes (true) sending. */
    public void sending(boolean send) {
        pacer.sending(send);
    }

    /** What has been sent, for RTCP and the stats. */
    public SentStream sent() {
        return pacer;
    }

    /** Stops pacing and forgets the queue and its marks; nothing is sent or reported afterwards. */
    public void close() {
        timer.stop();
        clock.release();
        queue.release();
    }
}
