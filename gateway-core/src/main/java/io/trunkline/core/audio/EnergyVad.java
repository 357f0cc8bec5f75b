package io.trunkline.core.audio;

/**
 * An energy voice-activity detector over 20 ms frames: a frame at or above the threshold level is voiced; speech
 * starts after {@code onsetFrames} voiced frames in a row (so clicks do not count) and ends only after more than
 * {@code hangoverFrames} unvoiced frames in a row (so the pauses inside a sentence do not split it). Single-threaded.
 */
public final class EnergyVad {

    /** Levels typical of telephone speech are −30 to −15 dBFS; line noise and comfort noise stay below −50. */
    public static final double DEFAULT_THRESHOLD_DBFS = -45;
    public static final int DEFAULT_ONSET_FRAMES = 2;
    /** 300 ms. */
    public static final int DEFAULT_HANGOVER_FRAMES = 15;

    private final double thresholdDbfs;
    private final int onsetFrames;
    private final int hangoverFrames;
    private boolean speaking;
    private int voicedRun;
    private int unvoicedRun;

    public EnergyVad(double thresholdDbfs, int onsetFrames, int hangoverFrames) {
        if (onsetFrames < 1 || hangoverFrames < 0) {
            throw new IllegalArgumentException("onsetFrames >= 1 and hangoverFrames >= 0 required");
        }
        this.thresholdDbfs = thresholdDbfs;
        this.onsetFrames = onsetFrames;
        this.hangoverFrames = hangoverFrames;
    }

    /** A detector with the defaults. */
    public EnergyVad() {
        this(DEFAULT_THRESHOLD_DBFS, DEFAULT_ONSET_FRAMES, DEFAULT_HANGOVER_FRAMES);
    }

    /** What one frame changed. */
    public enum Transition {
        NONE,
        /** Speech started; it began {@code onsetFrames - 1} frames before this one. */
        SPEECH_STARTED,
        /** Speech ended; the last voiced frame was {@code hangoverFrames + 1} frames before this one. */
        SPEECH_ENDED
    }

    /** Classifies the next frame. */
    public Transition offer(double levelDbfs) {
        if (isVoiced(levelDbfs)) {
            unvoicedRun = 0;
            voicedRun++;
            if (!speaking && voicedRun >= onsetFrames) {
                speaking = true;
                return Transition.SPEECH_STARTED;
            }
            return Transition.NONE;
        }
        voicedRun = 0;
        unvoicedRun++;
        if (speaking && unvoicedRun > hangoverFrames) {
            speaking = false;
            return Transition.SPEECH_ENDED;
        }
        return Transition.NONE;
    }

    /** {@code frames} unvoiced frames at once (a gap in the stream). */
    public Transition silence(long frames) {
        if (frames <= 0) {
            return Transition.NONE;
        }
        voicedRun = 0;
        unvoicedRun = (int) Math.min(Integer.MAX_VALUE - 1L, unvoicedRun + frames);
        if (speaking && unvoicedRun > hangoverFrames) {
            speaking = false;
            return Transition.SPEECH_ENDED;
        }
        return Transition.NONE;
    }

    /** Ends any speech at once, without a transition (the source was cut off). */
    public void reset() {
        speaking = false;
        voicedRun = 0;
        unvoicedRun = 0;
    }

    /** Whether a frame at this level counts as voiced. */
    public boolean isVoiced(double levelDbfs) {
        return levelDbfs >= thresholdDbfs;
    }

    /** Whether speech is ongoing (hangover included). */
    public boolean speaking() {
        return speaking;
    }
}
