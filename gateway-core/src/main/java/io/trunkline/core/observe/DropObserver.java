package io.trunkline.core.observe;

/**
 * The one place every drop of media goes: each site that drops or refuses a packet, a frame or a control message
 * reports it here, once, and nowhere else. A call's observer keeps the per-call totals for its record
 * ({@link DropTally}) and passes each drop on to the gateway-wide one (metrics). Called on the call's loop;
 * implementations must not allocate, lock or block.
 */
@FunctionalInterface
public interface DropObserver {

    /** Observes nothing. */
    DropObserver NONE = (reason, count) -> { };

    /**
     * {@code count} units (see {@link DropReason}) were dropped for {@code reason}.
     *
     * @param count at least 1
     */
    void dropped(DropReason reason, long count);
}
