package io.trunkline.core.bridge;

import io.trunkline.core.audio.AudioFormat;
import io.trunkline.core.loop.CallLoop;
import io.trunkline.core.media.MediaLeg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The ring-back tone a caller hears while a bridged transfer rings its target: 440 Hz plus 480 Hz, 2 s on and 4 s
 * off (the North American cadence, ITU-T E.180), each tone at about -13 dBm0. It is written into the caller's
 * media leg as 16-bit PCM at 8 kHz, topped up every 100 ms so that about 200 ms wait ahead of the pacer: the leg's
 * pacer times it like any other audio. Confined to the call's loop.
 */
final class RingBack {

    /** The format the caller's leg takes while the tone plays. */
    static final AudioFormat FORMAT = AudioFormat.PCM16_8K;

    private static final int RATE = 8000;
    private static final int CADENCE_SAMPLES = 6 * RATE;
    private static final int ON_SAMPLES = 2 * RATE;
    /** 440 and 480 Hz both repeat every 200 samples at 8 kHz (their greatest common divisor is 40 Hz). */
    private static final short[] PERIOD = period(200, 0.15);
    private static final int AHEAD_MILLIS = 200;
    private static final long TOP_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final CallLoop loop;
    private final MediaLeg leg;
    private final ByteBuffer frame = ByteBuffer.allocate(FORMAT.frameBytes()).order(ByteOrder.LITTLE_ENDIAN);
    private CallLoop.Cancellable timer;
    private long sample;

    RingBack(CallLoop loop, MediaLeg leg) {
        this.loop = loop;
        this.leg = leg;
    }

    /** Switches the leg to {@link #FORMAT} (dropping what it had queued) and starts the tone. */
    void start() {
        leg.reformat(FORMAT);
        sample = 0;
        topUp();
    }

    /** Stops the tone and drops what of it is still queued; the leg stays in {@link #FORMAT}. Idempotent. */
    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
            leg.clear();
        }
    }

    private void topUp() {
        while (leg.queuedMillis() < AHEAD_MILLIS) {
            frame.clear();
            for (int i = 0; i < FORMAT.frameSamples(); i++, sample++) {
                frame.putShort(sampleAt(sample));
            }
            frame.flip();
            if (leg.play(frame) > 0) {
                break; // the queue is full: the pacer has stopped draining it (the caller is on hold)
            }
        }
        timer = loop.schedule(this::topUp, TOP_UP_NANOS, TimeUnit.NANOSECONDS);
    }

    /** The tone's sample number {@code n} from its start. */
    static short sampleAt(long n) {
        return n % CADENCE_SAMPLES < ON_SAMPLES ? PERIOD[(int) (n % PERIOD.length)] : 0;
    }

    private static short[] period(int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            double t = (double) i / RATE;
            double v = amplitude * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
            out[i] = (short) Math.round(v * Short.MAX_VALUE);
        }
        return out;
    }
}
