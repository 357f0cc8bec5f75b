package io.trunkline.rtp.ports;

import io.trunkline.core.config.RtpConfig;
import io.trunkline.core.media.PortsExhaustedException;
import java.io.IOException;

/**
 * Hands out (even RTP, odd RTCP) port pairs from the configured range. Thread-safe: every event loop allocates.
 *
 * <p>Free pairs are kept in a FIFO ring, so the pair handed out is always the one released longest ago. A pair
 * that has just been released is therefore reused last, which keeps late packets of an ended call away from a new
 * call as long as the range allows.
 */
public final class RtpPortAllocator {

    /** How many pairs {@link #allocate(Binder)} tries before giving up when binds keep failing. */
    public static final int DEFAULT_BIND_ATTEMPTS = 8;

    /** Binds the sockets of one pair; an {@link IOException} means "cannot have this pair, try another one". */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(PortPair pair) throws IOException;
    }

    private final int portMin;
    private final int totalPairs;
    private final int bindAttempts;
    private final int[] free;
    private final boolean[] inUse;
    private int head;
    private int freeCount;

    /** A pool over {@code config}'s port range. */
    public RtpPortAllocator(RtpConfig config) {
        this(config.portMin(), config.portPairs(), DEFAULT_BIND_ATTEMPTS);
    }

    /**
     * A pool of {@code pairs} pairs starting at the even port {@code portMin}.
     *
     * @param bindAttempts the most pairs one {@link #allocate(Binder)} call tries
     */
    public RtpPortAllocator(int portMin, int pairs, int bindAttempts) {
        if (portMin % 2 != 0 || portMin < 2) {
            throw new IllegalArgumentException("portMin must be an even port: " + portMin);
        }
        if (pairs < 1 || portMin + 2L * pairs - 1 > 65535) {
            throw new IllegalArgumentException("pairs out of range: " + pairs);
        }
        if (bindAttempts < 1) {
            throw new IllegalArgumentException("bindAttempts must be positive: " + bindAttempts);
        }
        this.portMin = portMin;
        this.totalPairs = pairs;
        this.bindAttempts = bindAttempts;
        this.free = new int[pairs];
        this.inUse = new boolean[pairs];
        for (int i = 0; i < pairs; i++) {
            free[i] = i;
        }
        this.freeCount = pairs;
    }

    /**
     * Takes the free pair released longest ago.
     *
     * @throws PortsExhaustedException when every pair is in use
     */
    public synchronized PortPair acquire() throws PortsExhaustedException {
        if (freeCount == 0) {
            throw new PortsExhaustedException("all " + totalPairs + " RTP port pairs from " + portMin
                    + " to " + (portMin + 2 * totalPairs - 1) + " are in use");
        }
        int index = free[head];
        head = (head + 1) % totalPairs;
        freeCount--;
        inUse[index] = true;
        return PortPair.of(portMin + 2 * index);
    }

    /**
     * Returns a pair to the pool, behind every other free pair. Releasing a pair that is not in use is a
     * programming error.
     */
    public synchronized void release(PortPair pair) {
        int index = indexOf(pair);
        if (!inUse[index]) {
            throw new IllegalStateException("port pair " + pair + " is not in use");
        }
        inUse[index] = false;
        free[(head + freeCount) % totalPairs] = index;
        freeCount++;
    }

    /**
     * Acquires pairs until {@code binder} succeeds with one. A pair whose bind fails with an {@link IOException}
     * (typically a port taken by another process) is skipped and put back at the end of the pool; after the
     * configured number of attempts the allocation fails. The transports do not report "address in use" in one
     * portable way (NIO throws {@code BindException}, epoll a native error), so every I/O error counts as a failed
     * attempt; the bind address itself is validated once, when the engine is built.
     *
     * @throws PortsExhaustedException when no pair is free, or none of the pairs tried could be bound
     */
    public <T> T allocate(Binder<T> binder) throws PortsExhaustedException {
        PortPair[] failed = new PortPair[bindAttempts];
        int failures = 0;
        IOException lastFailure = null;
        try {
            while (failures < bindAttempts) {
                PortPair pair = acquire();
                try {
                    return binder.bind(pair);
                } catch (IOException e) {
                    failed[failures++] = pair;
                    lastFailure = e;
                } catch (RuntimeException e) {
                    release(pair);
                    throw e;
                }
            }
        } finally {
            // Put the pairs that could not be bound back only now, so this call does not pick them again.
            for (int i = 0; i < failures; i++) {
                release(failed[i]);
            }
        }
        throw new PortsExhaustedException(bindAttempts + " RTP port pairs in a row could not be bound, last: "
                + lastFailure.getMessage());
    }

    /** Pairs handed out and not yet released. */
    public synchronized int inUse() {
        return totalPairs - freeCount;
    }

    /** Pairs in the range. */
    public int total() {
        return totalPairs;
    }

    private int indexOf(PortPair pair) {
        int offset = pair.rtpPort() - portMin;
        if (offset < 0 || offset / 2 >= totalPairs) {
            throw new IllegalArgumentException("port pair " + pair + " is outside the range");
        }
        return offset / 2;
    }
}
