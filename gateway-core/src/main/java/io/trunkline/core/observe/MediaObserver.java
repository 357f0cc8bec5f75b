package io.trunkline.core.observe;

import io.trunkline.core.audio.AudioFormat;

/**
 * Media events from the RTP engine, for metrics. {@link #leg} is called once when a media leg opens; the returned
 * {@link LegObserver} is then called on the leg's hot paths, so it must be allocation-free, lock-free and
 * non-blocking.
 */
public interface MediaObserver {

    /** Observes nothing. */
    MediaObserver NONE = codec -> LegObserver.NONE;

    /**
     * The observer for one leg whose carrier codec is {@code codec}. Implementations typically hand out one shared
     * instance per codec with its meters already resolved.
     */
    LegObserver leg(AudioFormat codec);
}
